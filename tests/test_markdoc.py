"""Markdoc tags in bodies: what readers see of each, what editors are told, round trips."""

import random
import re
import textwrap
from pathlib import Path

import pytest

from articles.checklist import WARNING, check_article
from articles.editor import markdownify
from articles.markdoc import MAX_DEPTH, MAX_TAGS, markdoc_problems
from articles.markdown import MarkdownTooComplex, render_inline, render_markdown
from articles.models import Article, ImageAsset
from articles.sanitise import sanitise
from tests.commands import run

pytestmark = pytest.mark.django_db
LOOKUP = ImageAsset.objects.lookup
CODE_RE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.DOTALL)
FORM_ID = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c"

# Our own sentences; every tag the migrated blog uses, and one it does not.
ALL_TAGS = textwrap.dedent(
    """\
    ## Cadencer la revue de pipeline

    Une revue hebdomadaire tient en trente minutes si chacun arrive préparé.

    {% callout title="Bon réflexe" %}
    💡 Envoyez l'ordre du jour **la veille**, avec le lien vers [le tableau de bord](https://exemple.fr/tableau).

    - trois affaires à risque
    - deux affaires à accélérer
    {% /callout %}

    {% statement %}
    Une prévision se discute, une donnée se corrige.
    {% /statement %}

    {% youtubePlayer id="Ab3_dE-9xYz" title="La revue en pratique" /%}

    {% aushaPlayer podcastId="oKp2R7sT9uVw" showId="Qm4nB8" title="Épisode 12" /%}

    {% tweet url="https://x.com/revopsfr/status/1790000000000000001" /%}

    {% hubspotForm formId="3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c" title="Recevoir la grille" /%}

    {% sommaire profondeur=2 %}Le plan de l'article.{% /sommaire %}

    Dernier paragraphe, sans balise.
    """
)


def render(text):
    return render_markdown(text, LOOKUP).html


def outside_code(html):
    return CODE_RE.sub("", html)


# --- What readers see of each component ------------------------------------------------------


def test_callout_is_an_aside_with_its_title_and_its_markdown_body():
    html = render(ALL_TAGS)
    aside = re.search(r'<aside class="callout" role="note">.*?</aside>', html, re.DOTALL).group()
    assert '<p class="callout__title"><strong>Bon réflexe</strong></p>' in aside
    assert "<strong>la veille</strong>" in aside
    assert '<a href="https://exemple.fr/tableau">le tableau de bord</a>' in aside
    assert "<li>trois affaires à risque</li>" in aside
    assert "{%" not in html


def test_callout_without_title_is_named_for_screen_readers():
    html = render("{% callout %}\nGardez une seule source de vérité.\n{% /callout %}")
    assert html == (
        '<aside aria-label="À retenir" class="callout" role="note">\n'
        "<p>Gardez une seule source de vérité.</p>\n"
        "</aside>"
    )


def test_statement_is_a_highlighted_quote():
    html = render("{% statement %}\nUne prévision se discute.\n{% /statement %}")
    assert html == '<blockquote class="statement">\n<p>Une prévision se discute.</p>\n</blockquote>'


@pytest.mark.parametrize(
    "tag, kind, src, link, text",
    [
        (
            '{% youtubePlayer id="Ab3_dE-9xYz" title="La revue" /%}',
            "youtube",
            "https://www.youtube-nocookie.com/embed/Ab3_dE-9xYz?autoplay=1",
            "https://www.youtube.com/watch?v=Ab3_dE-9xYz",
            "Regarder la vidéo «\u202fLa revue\u202f»",
        ),
        (
            '{% aushaPlayer podcastId="oKp2R7sT9uVw" showId="Qm4nB8" /%}',
            "podcast",
            "https://player.ausha.co/index.html?podcastId=oKp2R7sT9uVw&amp;v=3&amp;"
            "playerId=ausha-oKp2R7sT9uVw&amp;showId=Qm4nB8",
            "https://player.ausha.co/index.html?podcastId=oKp2R7sT9uVw&amp;v=3&amp;"
            "playerId=ausha-oKp2R7sT9uVw&amp;showId=Qm4nB8",
            "Écouter l'épisode",
        ),
        (
            '{% tweet url="https://twitter.com/revopsfr/status/1790000000000000001?s=20" /%}',
            "tweet",
            "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001&amp;dnt=true"
            "&amp;lang=fr",
            "https://x.com/revopsfr/status/1790000000000000001",
            "Lire la publication",
        ),
        (
            f'{{% hubspotForm formId="{FORM_ID}" /%}}',
            "form",
            # « 1 », the form's 16 bytes in base64, the portal number in base 36 (4242 → 39u).
            "https://share.hsforms.com/1PyqcHntNToqcIV1uf4qbDA39u",
            "https://share.hsforms.com/1PyqcHntNToqcIV1uf4qbDA39u",
            "Remplir le formulaire",
        ),
    ],
)
def test_each_player_is_a_facade_linking_to_its_own_site(settings, tag, kind, src, link, text):
    """Nothing loads from the third party until a click: a figure naming the frame to load
    on its host, and a plain link for readers without JavaScript."""
    settings.HUBSPOT_PORTAL_ID = "4242"
    html = render(f"Avant.\n{tag}\nAprès.")
    figure = re.search(r"<figure\b.*?</figure>", html, re.DOTALL).group()
    assert f'class="embed embed--{kind}"' in figure and f'data-embed="{kind}"' in figure
    assert f'data-embed-src="{src}"' in figure
    assert f'<a class="embed__link" href="{link}">' in figure
    assert text in figure
    assert "quand vous cliquez&nbsp;: rien n'est envoyé" in figure
    assert html.startswith("<p>Avant.</p>") and html.endswith("<p>Après.</p>")


def test_a_youtube_address_given_as_id_still_finds_its_video():
    html = render('{% youtubePlayer id="https://youtu.be/Ab3_dE-9xYz" /%}')
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/Ab3_dE-9xYz?autoplay=1"' in html


def test_tags_are_read_whatever_the_spacing_quotes_and_blank_lines():
    text = textwrap.dedent(
        """\
        Un paragraphe juste avant.
        {%callout title='Titre entre apostrophes'%}
        Premier corps.
        {%/callout%}
          {%   callout   title="Un \\"titre\\" échappé"   %}
          Second corps, indenté.
          {% /callout %}
        Texte {% callout %}💡 En ligne{% /callout %} puis la suite.
        """
    )
    html = render(text)
    assert html.count('class="callout"') == 3 and "{%" not in html
    assert "<strong>Titre entre apostrophes</strong>" in html
    assert '<strong>Un "titre" échappé</strong>' in html
    assert "<p>Second corps, indenté.</p>" in html
    assert html.startswith("<p>Un paragraphe juste avant.</p>\n<aside")
    assert "<p>Texte</p>" in html and "<p>💡 En ligne</p>" in html
    assert html.endswith("<p>puis la suite.</p>")


def test_a_callout_body_shows_its_images(make_asset):
    asset = make_asset(alt="Cycle de vente")
    html = render(
        f"{{% callout %}}\nLe cycle en un schéma :\n\n![Cycle de vente]({asset.pk})\n{{% /callout %}}"
    )
    aside = re.search(r"<aside\b.*?</aside>", html, re.DOTALL).group()
    assert "<picture>" in aside and f'src="{asset.file.url}"' in aside
    assert 'alt="Cycle de vente"' in aside


def test_components_nest_in_each_other_and_in_lists():
    text = textwrap.dedent(
        """\
        {% callout title="Dehors" %}
          Texte du dehors.

          {% statement %}
            Dedans, **en gras**.
          {% /statement %}
        {% /callout %}

        - Premier point
          {% callout %}
          Dans la liste.
          {% /callout %}
        - Second point
        """
    )
    html = render(text)
    assert re.search(
        r'<aside class="callout" role="note">\s*<p class="callout__title">.*?</p>\s*'
        r"<p>Texte du dehors.</p>\s*<blockquote class=\"statement\">\s*"
        r"<p>Dedans, <strong>en gras</strong>.</p>\s*</blockquote>\s*</aside>",
        html,
    )
    assert re.search(r"<li>Premier point<aside\b[^>]*>\s*<p>Dans la liste.</p>\s*</aside>", html)
    assert "<li>Second point</li>" in html


def test_a_callout_in_a_block_quote_stays_in_it():
    html = render("> {% callout %}\n> Cité dans l'encadré.\n> {% /callout %}")
    assert re.fullmatch(
        r"<blockquote>\s*<aside\b[^>]*>\s*<p>Cité dans l’encadré.</p>\s*</aside>\s*</blockquote>",
        html,
    )


def test_nesting_deeper_than_the_limit_keeps_the_text_without_the_frames():
    depth = MAX_DEPTH + 3
    text = "".join(f"{{% callout %}}\nNiveau {n}.\n" for n in range(depth)) + (
        "{% /callout %}\n" * depth
    )
    html = render(text)
    assert html.count("<aside") == MAX_DEPTH and "{%" not in html
    assert all(f"Niveau {n}." in html for n in range(depth))
    problems = markdoc_problems(text)
    assert [line for line, _ in problems] == [2 * n + 1 for n in range(MAX_DEPTH, depth)]
    assert "plus de 4 encadrés les uns dans les autres" in problems[0][1]


def test_more_tags_than_the_limit_are_refused_saying_why():
    text = "{% onglet /%}\n\n" * (MAX_TAGS + 1)
    with pytest.raises(MarkdownTooComplex, match="Trop de balises « {% » \\(1001, 1000 au plus"):
        render(text)
    assert markdoc_problems(text) == []  # the refusal says it all


# --- Code, unknown and broken tags ------------------------------------------------------------


def test_tags_in_code_stay_as_written():
    text = (
        "Écrivez `{% callout %}` pour un encadré.\n\n```\n{% callout %}\nTexte\n{% /callout %}\n```"
    )
    html = render(text)
    assert "<code>{% callout %}</code>" in html
    assert "<pre><code>{% callout %}\nTexte\n{% /callout %}\n</code></pre>" in html
    assert "<aside" not in html
    assert markdoc_problems(text) == []


def test_unknown_tags_lose_their_markup_and_keep_their_text():
    html = render(
        "{% onglets %}\nPremier onglet **utile**.\n{% /onglets %}\n\n"
        "Une {% surligne couleur=jaune %}phrase{% /surligne %} mise en avant.{% separateur /%}"
    )
    assert html == (
        "<p>Premier onglet <strong>utile</strong>.</p>\n<p>Une phrase mise en avant.</p>"
    )


BROKEN = [
    "{% callout %}\nJamais fermé.",
    "Fermé sans ouverture.\n{% /callout %}",
    "{% statement %}\nCroisé {% callout %}\ndedans\n{% /statement %}\n{% /callout %}",
    "{% youtubePlayer %}",
    '{% youtubePlayer id="trop-court" title="Vidéo perdue" /%}',
    '{% aushaPlayer podcastId="abc" /%}',
    '{% aushaPlayer podcastId="oKp2R7sT9uVw" showId="pas valide !" /%}',
    '{% tweet url="https://exemple.fr/status/1" /%}',
    '{% hubspotForm formId="pas-un-guid" /%}',
    '{% callout title="guillemet jamais fermé %}\nTexte\n{% /callout %}',
    "{% callout titre=« chevrons » %}\nTexte\n{% /callout %}",
    "Un {% seul sans fin.",
    "Deux {% {% ouvertures %}",
    "{% $variable %} et {% if $x %}oui{% else /%}non{% /if %}",
    "{%%}{% %}{% / %}{%/%}",
    "{{% callout %}%}",
    "{% callout\n\nsur deux paragraphes %}",
    "&#123;% callout %} en entité",
    '<div class="note">{% callout %}dans du HTML{% /callout %}</div>',
    "| a | b |\n|---|---|\n| {% callout %}cellule{% /callout %} | {% foo %} |",
    '# Titre {% tweet url="https://x.com/a/status/1" /%}',
    "    {% callout %}\n    indenté comme du code\n    {% /callout %}",
    "`ouvert {% callout %}\nsans fin de code",
    "{% callout %}" * 20 + "{% /callout %}" * 3,
]


@pytest.mark.parametrize("text", BROKEN)
def test_broken_or_hostile_tags_never_show_markup(text):
    html = render(text)
    assert "{%" not in outside_code(html)
    assert "\x02" not in html and "mdoc" not in html


def test_tags_inside_raw_html_lose_their_markup_and_keep_their_text():
    html = render('<div class="note">\n{% callout %}\nÉcrit dans du HTML.\n{% /callout %}\n</div>')
    assert re.fullmatch(r'<div class="note">\s*Écrit dans du HTML.\s*</div>', html)


def test_a_player_missing_its_id_shows_nothing_and_says_why():
    assert render('Avant.\n\n{% youtubePlayer title="Sans identifiant" /%}\n\nAprès.') == (
        "<p>Avant.</p>\n<p>Après.</p>"
    )
    assert markdoc_problems('\n{% youtubePlayer title="Sans identifiant" /%}') == [
        (
            2,
            'balise {% youtubePlayer %} sans « id » : rien n\'est affiché. Ajoutez id="…" '
            "(l'identifiant de la vidéo, 11 caractères, comme dans youtube.com/watch?v=…).",
        )
    ]


def test_no_truncation_or_cut_of_a_valid_document_shows_markup():
    """Whatever is left of a valid document once cut anywhere, readers never see `{%`."""
    document = ALL_TAGS.replace("## Cadencer la revue de pipeline\n\n", "")
    cases = [document[:end] for end in range(len(document))]
    generator = random.Random(12)
    for _ in range(150):
        start = generator.randrange(len(document))
        cases.append(document[:start] + document[start + generator.randrange(1, 40) :])
    for text in cases:
        html = outside_code(render(text))
        assert "{%" not in html and "\x02" not in html, text


FUZZ_PIECES = [
    "{% callout %}", "{% /callout %}", '{% callout title="Titre" %}', "{% statement %}",
    "{% /statement %}", "{% onglet %}", "{% /onglet %}", "{% separateur /%}",
    '{% youtubePlayer id="Ab3_dE-9xYz" /%}', "{% youtubePlayer /%}", "{%", "%}", "`",
]  # fmt: skip
FUZZ_PREFIXES = ["", "", "", "  ", "    ", "> ", "- ", "1. ", "  - ", "> - "]
TAG_TEXT_RE = re.compile(r"\{%(?:(?!\n[ >]*\n).)*?%\}", re.DOTALL)


def test_random_documents_lose_no_word_and_never_show_markup():
    """Tags, broken tags, indentation, quotes and lists mixed at random: every word written
    outside a tag's own markup reaches the page, and `{%` never does."""
    generator = random.Random(2024)
    for _ in range(300):
        words, lines = [], []
        for _ in range(generator.randrange(1, 12)):
            if generator.random() < 0.15:
                lines.append("")
                continue
            parts = []
            for _ in range(generator.randrange(1, 4)):
                if generator.random() < 0.5:
                    words.append(f"mot{len(words)}x")
                    parts.append(words[-1])
                else:
                    parts.append(generator.choice(FUZZ_PIECES))
            line = generator.choice(["", " "]).join(parts)
            lines.append(generator.choice(FUZZ_PREFIXES) + line)
        text = "\n".join(lines)
        html = render(text)
        in_markup = " ".join(TAG_TEXT_RE.findall(text))
        assert [w for w in words if w not in html and w not in in_markup] == [], text
        assert "{%" not in outside_code(html), text


# --- Editors' warnings -------------------------------------------------------------------------


def test_problems_name_the_line_what_and_how_to_fix():
    text = textwrap.dedent(
        """\
        Introduction.

        {% foo %}
        Texte gardé.
        {% /foo %}

        ```
        {% pas une balise %}
        ```

        {% callout %}
        Jamais fermé.

        {% /statement %}
        Un {% seul
        """
    )
    assert markdoc_problems(text) == [
        (3, "balise {% foo %} inconnue : retirée, son texte est affiché tel quel. "
            "Remplacez-la par du Markdown ou supprimez-la."),
        (11, "balise {% callout %} jamais fermée : retirée, son texte est affiché sans "
             "encadré. Ajoutez {% /callout %} à la fin de son contenu."),
        (14, "balise fermante {% /statement %} sans ouverture : retirée. Supprimez-la, "
             "ou ajoutez {% statement %} au début de son contenu."),
        (15, "« {% » jamais fermé par « %} » : retiré du texte. Fermez la balise par « %} », "
             "ou écrivez ce texte entre accents graves (`…`)."),
    ]  # fmt: skip
    assert markdoc_problems(ALL_TAGS) == [
        (24, "balise {% sommaire %} inconnue : retirée, son texte est affiché tel quel. "
             "Remplacez-la par du Markdown ou supprimez-la."),
    ]  # fmt: skip


def test_preview_shows_the_callout_and_the_problems(staff_client):
    response = staff_client.post(
        "/admin-markdown/apercu/",
        {"content": "{% callout %}\r\nRelisez avant d'envoyer.\r\n{% /callout %}\r\n{% foo /%}"},
    )
    html = response.content.decode()
    assert html.startswith(
        '<p class="errornote">Ligne 4&nbsp;: balise {% foo %} inconnue : retirée'
    )
    assert '<aside aria-label="À retenir" class="callout" role="note">' in html
    assert "<p>Relisez avant d’envoyer.</p>" in html
    assert markdownify("{% statement %}\nClair.\n{% /statement %}").startswith(
        '<blockquote class="statement">'
    )


def test_the_checklist_warns_about_tags_without_blocking(make_article):
    article = make_article(body="Intro.\n\n{% onglets %}\nTexte.\n{% /onglets %}")
    warning = next(c for c in check_article(article) if c.text.startswith("Balises"))
    assert warning.level == WARNING
    assert warning.text.startswith("Balises {% … %} à revoir : ligne 3 : balise {% onglets %}")


def write(directory, name, content):
    path = Path(directory) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_import_warns_with_the_line_in_the_file(tmp_path):
    write(
        tmp_path / "revue",
        "index.md",
        "---\ntitle: La revue\nauthor: camille\n---\n\nIntro.\n\n{% onglets %}\nTexte.\n"
        "{% /onglets %}\n",
    )
    write(
        tmp_path / "revue",
        "roles/01-analyste.md",
        "---\ntitle: Analyste\n---\n{% callout %}\nSans fin.\n",
    )
    output = run("import_markdown", str(tmp_path / "revue"))
    index, role = tmp_path / "revue" / "index.md", tmp_path / "revue" / "roles/01-analyste.md"
    assert f"{index}:8: balise {{% onglets %}} inconnue" in output
    assert f"{role}:4: balise {{% callout %}} jamais fermée" in output
    article = Article.objects.get(slug="revue")
    assert "<p>Texte.</p>" in article.body_html and "{%" not in article.body_html


def test_a_long_file_split_into_roles_warns_with_the_file_lines(tmp_path):
    path = write(
        tmp_path,
        "equipe.md",
        "---\ntitle: L'équipe\n---\nIntro.\n\n## Le Pilote\n\n**Son surnom : la boussole**\n\n"
        'Il tient le cap.\n\n{% youtubePlayer id="court" /%}\n\n## Conclusion\n\nFin.\n',
    )
    output = run("import_markdown", str(path))
    assert f"{path}:12: balise {{% youtubePlayer %}} : « id » invalide (« court »)" in output


def test_export_import_export_keeps_every_tag_byte_for_byte(tmp_path):
    write(tmp_path / "source" / "revue", "index.md", f"---\ntitle: La revue\n---\n{ALL_TAGS}")
    run("import_markdown", str(tmp_path / "source"))
    assert Article.objects.get().body == ALL_TAGS
    run("export_markdown", str(tmp_path / "one"))
    Article.objects.all().delete()
    run("import_markdown", str(tmp_path / "one"))
    run("export_markdown", str(tmp_path / "two"))
    one = (tmp_path / "one" / "revue" / "index.md").read_bytes()
    assert one == (tmp_path / "two" / "revue" / "index.md").read_bytes()
    assert one.decode().endswith(ALL_TAGS)


# --- Words, search, sanitiser ----------------------------------------------------------------


def test_component_text_counts_and_a_players_boilerplate_does_not(make_article, committed):
    plain = render_markdown("Trois mots ici.\n\nEncore deux.", LOOKUP)
    tagged = render_markdown(
        "{% callout %}\nTrois mots ici.\n{% /callout %}\n\n"
        '{% youtubePlayer id="Ab3_dE-9xYz" title="Encore deux" /%}',
        LOOKUP,
    )
    assert tagged.word_count == plain.word_count == 5
    article = make_article(body="{% callout %}\nLa cadence hebdomadaire.\n{% /callout %}")
    article.refresh_from_db()
    assert "cadence hebdomadaire" in article.search_text
    assert "lecteur" not in article.search_text


def test_sanitiser_lets_through_what_components_need_and_nothing_more():
    html = sanitise(
        '<aside class="callout" role="note" aria-label="Note">a</aside>'
        '<aside role="button" onclick="x()">b</aside>'
        '<figure data-embed="youtube" data-embed-src="https://www.youtube-nocookie.com/embed/x"'
        ' data-embed-title="T">c</figure>'
        '<figure data-embed="iframe" data-embed-src="https://evil.example/frame">d</figure>'
        '<span aria-hidden="true">e</span><span aria-hidden="false" data-x="1">f</span>'
    )
    assert html == (
        '<aside class="callout" role="note" aria-label="Note">a</aside>'
        "<aside>b</aside>"
        '<figure data-embed="youtube" data-embed-src="https://www.youtube-nocookie.com/embed/x"'
        ' data-embed-title="T">c</figure>'
        "<figure>d</figure>"
        '<span aria-hidden="true">e</span><span>f</span>'
    )


def test_one_line_texts_read_tags_too():
    assert render_inline("{% foo %}Piloter{% /foo %} les prévisions", LOOKUP) == (
        "Piloter les prévisions"
    )


def test_the_article_page_shows_the_components(client, make_article):
    article = make_article(body=ALL_TAGS)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<aside class="callout" role="note">' in html
    assert '<blockquote class="statement">' in html
    assert html.count('class="embed embed--') >= 4
    assert "{% " not in html
