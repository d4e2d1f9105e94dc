"""Messy Markdown written for the tests: the defects of real files, our own sentences.

`seed_shaped()` reproduces the shape and the defects of the project's seed article (double
encoding, an unquoted ` : ` in the title, a date with day and month swapped, roles written as
sections) without any of its text.
"""

import textwrap

IMAGE_IDS = [
    "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a01",
    "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a02",
    "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a03",
    "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a04",
    "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a05",
    "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a06",
    "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a07",
]

ROLES = [
    ("Le Pilote revenu", "Son surnom : la boussole", 5),
    ("L'Ingénieur des flux", "Son surnom : le plombier de génie", 5),
    ("La Vigie des chiffres", "Son surnom : l'œil de Sauron", 5),
    ("Le Passeur de savoir", "Son surnom : le mentor", 5),
    ("Le Chef de chantier", "Le surnom : le métronome", 4),
]


def role_section(index, heading, nickname, missions):
    image = IMAGE_IDS[index + 2]
    title = heading.split(" ", 1)[1] if heading.startswith(("Le ", "La ")) else heading[2:]
    mission_lines = "\n".join(
        f"- Mission n°{n} du rôle {index + 1} : piloter l'étape {n}" for n in range(1, missions + 1)
    )
    dedicated = (
        "\nPour aller plus loin, lisez notre article dédié : [Le rôle en détail.](https://www.ocobo.co/blog/autre-article)\n"
        if index == 0
        else ""
    )
    return (
        textwrap.dedent(
            f"""\
        ## {heading}

        **{nickname}**

        ![{title}]({image})

        Ce rôle tient une place à part dans l'équipe : il relie les décisions et les outils.

        ### Missions principales :

        {{missions}}

        ### Parcours type :

        - Expérience préalable : deux à quatre ans dans une fonction opérationnelle
        - Certifications recommandées : administration d'un CRM, gestion de projet

        **Ce rôle peut se spécialiser** :

        - par domaine métier ;
        - par zone géographique.
        {{dedicated}}
        ---

        **Itérations** : **Intitulé court** (forme abrégée, très répandue) / **Variante A /** **Variante B** ou **Variante C** (selon le périmètre, voir [ce guide](https://exemple.fr/guide)) **/ Variante D**

        ---

        """
        )
        .replace("{missions}", mission_lines)
        .replace("{dedicated}", dedicated)
    )


def seed_shaped(date="2025-17-11"):
    """The text of a long article shaped like the seed, before any encoding damage."""
    sections = "".join(role_section(i, *role) for i, role in enumerate(ROLES))
    return (
        textwrap.dedent(
            f"""\
            ---
            title: Les métiers de l'équipe revenu : qui pilote quoi, et comment ?
            author: ethel
            description: Rôles expliqués: missions, profils et organisation d'une équipe revenu.
            read: 7 min
            image: https://images.unsplash.com/photo-1234567890?ixlib=rb-4.1.0&q=85&fm=jpg&w=4800
            date: {date}
            tags:
              - organisation
              - ops
            ---

            ## Préambule : pourquoi en parler ?
            # Les cinq métiers d'une équipe revenu

            Une équipe revenu réunit des profils complémentaires. Voici leurs rôles, leurs
            missions et les parcours qui y mènent.

            ![Les piliers de l'équipe]({IMAGE_IDS[0]})

            ## Les piliers

            Stratégie, analyse, technologie et formation forment le socle.

            ![Comparaison des approches]({IMAGE_IDS[1]})

            """
        )
        + sections
        + textwrap.dedent(
            """\
            ## Conclusion

            Chaque rôle apporte sa pierre ; l'équipe complète fait la différence.
            """
        )
    )


def mac_roman_mojibake(text):
    """UTF-8 bytes read as Mac Roman and saved again as UTF-8: `rôle` becomes `r√¥le`."""
    return text.encode("utf-8").decode("mac_roman").encode("utf-8")


def windows_1252_mojibake(text):
    """UTF-8 bytes read as Windows-1252 and saved again as UTF-8: `rôle` becomes `rÃ´le`."""
    return text.encode("utf-8").decode("cp1252").encode("utf-8")


def article(front_matter, body="Un paragraphe de texte.\n"):
    return f"---\n{textwrap.dedent(front_matter).strip()}\n---\n{body}"


def role_article():
    """A long article shaped like the firm's own role article (our sentences): an intro, a
    `## Les rôles` section whose roles are `### Le …` headings, each with its nickname line, its
    alternative titles in a callout or after an « Itérations : » label (joined by « ou »), its
    missions, its background, a lead-in to a dedicated article, and prose after the missions."""
    return textwrap.dedent(
        f"""\
        ---
        title: Trois métiers qui font tourner la machine commerciale
        author: ethel
        date: 2025-03-04
        tags:
          - organisation
        ---

        Une équipe qui vend bien s'appuie sur des métiers discrets. Nous en passons trois en
        revue, avec ce qu'ils apportent au quotidien.

        ## Pourquoi distinguer ces métiers ?

        Chacun répond à un besoin précis : la fiabilité des fiches, la solidité des outils et
        la progression des vendeurs.

        ## Les rôles

        Voici les trois profils que nous croisons le plus souvent.

        ### Le Gardien des fiches

        **Son surnom : le jardinier**

        ![Le Gardien des fiches]({IMAGE_IDS[2]})

        Le Gardien des fiches veille sur la qualité du fichier clients. Il corrige, fusionne
        les doublons et documente chaque règle de saisie.

        {{% callout %}}
        **Itérations** : **Responsable qualité des fiches** ou **Intendant du fichier** (selon la taille de l'équipe) / **Administrateur du carnet d'adresses**
        {{% /callout %}}

        #### Missions principales

        - Écrire les règles de saisie et les faire vivre
        - Fusionner les doublons chaque semaine
        - Former les vendeurs aux bons réflexes

        **Ce métier évolue souvent** :

        - vers la gouvernance des fiches ;
        - vers l'administration des outils.

        Il reste pourtant proche du terrain, au contact des vendeurs qui saisissent.

        #### Parcours type

        Expérience préalable : deux ans dans une équipe de support ou d'opérations
        Certifications recommandées : administration d'un carnet d'adresses partagé

        Pour plus de détails sur ce rôle, lisez notre article dédié : [Le métier de Gardien des fiches.](https://exemple.fr/gardien-des-fiches)

        ### L'Architecte des outils

        **Son surnom : le bâtisseur**

        L'Architecte des outils relie les logiciels entre eux et automatise ce qui se répète.

        Pour plus de détails sur ce rôle, n'hésitez pas à consulter notre article dédié : [Tout sur l'architecte](https://exemple.fr/architecte-des-outils).

        **Itérations** :
        - **Intégrateur** ou **Développeur de connecteurs**
        - **Ingénieur plateforme**, **Ingénieur systèmes** (dans les grandes maisons)

        #### Missions principales :

        - Dessiner le plan des outils
        - Écrire les automatisations du quotidien

        Un bon architecte documente chaque connecteur qu'il pose.

        #### Parcours type :

        - Expérience préalable : trois ans de développement
        - Certifications recommandées : une plateforme d'automatisation
        - Une vraie curiosité pour les métiers de la vente

        ### La Coach des ventes

        **Le surnom : la boussole**

        ![La Coach des ventes]({IMAGE_IDS[3]})

        La Coach des ventes fait progresser chaque vendeur, un entretien après l'autre.

        #### Missions principales

        - Préparer les parcours d'accueil
        - Écouter les appels et conseiller

        {{% callout title="Itérations" %}}
        **Coach commerciale** ou **Responsable de la progression** / **Formatrice**
        {{% /callout %}}

        ## Conclusion

        Ces trois métiers se complètent : ensemble, ils font d'une équipe une machine.
        """
    )
