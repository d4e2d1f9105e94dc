"""Case studies (« clients », issue 21) import and export: a content repository shaped like the
firm's (posts and case studies in sibling folders) imports in one run, each case study by its
shape and never as an article, its address its file's stem; export then import into an empty
database then export is byte-identical."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article, Author, ImageAsset, Redirect, Tag
from clients import bundle_fields
from clients.models import CaseStudy, Deliverable, Quote, Scope, TaggedCaseStudy, Tool
from tests.commands import run
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db

CLIENTS = [
    ("atelier-lumen", "Atelier Lumen", "un fabricant de luminaires pour les hôtels"),
    ("bati-conseil", "Bâti Conseil", "un bureau d'études en rénovation énergétique"),
    ("cap-logistique", "Cap Logistique", "un transporteur régional de produits frais"),
    ("datavigne", "Datavigne", "un éditeur de logiciels pour les domaines viticoles"),
    ("ecole-horizon", "École Horizon", "un réseau d'écoles de langues pour adultes"),
    ("ferme-digitale", "Ferme Digitale", "une plateforme de vente directe de producteurs"),
    ("gamma-securite", "Gamma Sécurité", "un intégrateur de systèmes d'alarme"),
    ("hexa-rh", "Hexa RH", "un cabinet de recrutement de profils techniques"),
    ("iris-sante", "Iris Santé", "un éditeur d'agendas pour les cabinets médicaux"),
    ("jade-assurances", "Jade Assurances", "un courtier pour les artisans du bâtiment"),
    ("kiosque-media", "Kiosque Média", "une régie publicitaire de presse locale"),
    ("loop-mobilite", "Loop Mobilité", "un loueur de vélos électriques aux entreprises"),
    ("mosaic-events", "Mosaic Events", "une agence d'événements d'entreprise"),
    ("nova-proptech", "Nova Proptech", "une proptech qui gère des bureaux partagés"),
]
SCOPES = ["Acquisition", "Demande", "Découverte", "Négociation", "Expansion", "Fidélisation"]
TOOLS = ["Hubspot", "Lemlist", "Gsheet", "Notion", "Pipedrive", "Looker Studio"]
TAGS = ["Data & Performance", "Équipe & Planification", "Process & Outils", "Alignement"]
WITHOUT_TITLE = {"datavigne", "kiosque-media"}
CONSULTANTS = ["Camille Martin", "Thomas Lefèvre"]


def case_study(index, slug, name, who):
    """A case study in the firm's shape: a long one-sentence title (but two), a description
    over 160 characters, repeated free-label tags, 1–3 long quotes, 3–8 deliverables, some with
    a video, some with a team."""
    meta = {"name": name, "date": f"2024-{index % 12 + 1:02d}-{index + 10:02d}"}
    if slug not in WITHOUT_TITLE:
        meta["title"] = (
            f"Les équipes commerciales de {name} partagent désormais un seul tableau de bord et "
            f"une méthode de prévision que chacun comprend, du marketing au service client"
        )
    meta["subtitle"] = f"{name} est {who}, en forte croissance depuis trois ans."
    meta["description"] = (
        f"Comment {name}, {who}, a remis de l'ordre dans son CRM, défini ses étapes de vente et "
        "aligné ses équipes sur des objectifs de revenu communs, en quelques mois seulement."
    )
    meta["speaker"] = f"Prénom{index} Nom{index}"
    meta["role"] = "Directeur commercial & Associé" if index % 2 else "Directrice des opérations"
    meta["duration"] = f"{3 + index % 10} mois"
    meta["scopes"] = SCOPES[index % 3 : index % 3 + 3]
    meta["tags"] = [TAGS[index % 4], TAGS[(index + 1) % 4], TAGS[index % 4]]  # one repeated
    meta["tools"] = TOOLS[index % 4 : index % 4 + 2 + index % 3]
    meta["quotes"] = [
        f"Avant la mission, chaque équipe de {name} avait ses propres chiffres ; aujourd'hui, "
        f"nous parlons tous du même pipeline, et la réunion du lundi dure vingt minutes ({n})."
        for n in range(1 + index % 3)
    ]
    meta["deliverables"] = [
        f"Livrable {n} : un document de travail partagé" for n in range(3 + index % 6)
    ]
    if index % 3 == 0:
        meta["youtubeId"] = f"vid{index:02d}abcdEF"[:11]
    if index % 4 == 1:
        meta["team"] = CONSULTANTS[: 1 + index % 2]
    if index == 5:
        meta["color"] = "orange"  # a key no case study knows: kept, written back
    body = (
        "## La mission\n\n### Phase 1\n\n**Diagnostic** des processus existants.\n\n"
        "- entretiens avec les équipes\n- revue du CRM\n\n### Phase 2\n\nMise en place.\n"
    )
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{body}"


POSTS = {
    "posts/prevoir-ses-ventes.md": "Prévoir ses ventes sans tableur",
    "posts/Comprendre-le-RevOps.md": "Comprendre le RevOps en dix minutes",
    "posts/un-crm-propre.md": "Un CRM propre, une équipe sereine",
}


def post(title):
    return (
        f"---\ntitle: {title}\nauthor: camille-martin\ndate: 2024-03-04\ntags: [crm]\n"
        f"description: Un article de démonstration pour vérifier l'import des articles.\n"
        f"---\nUn texte court.\n"
    )


@pytest.fixture
def repository(tmp_path):
    """The firm's content repository: posts/ and clients/ side by side."""
    root = tmp_path / "contenu"
    for index, (slug, name, who) in enumerate(CLIENTS):
        path = root / "clients" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case_study(index, slug, name, who), encoding="utf-8")
    for relative, title in POSTS.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(post(title), encoding="utf-8")
    return root


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def empty_the_database():
    """Every content row gone (`flush` cannot run inside a test's transaction on PostgreSQL)."""
    for model in (CaseStudy, Article, Tag, Author, Scope, Tool, ImageAsset, Redirect):
        model._base_manager.all().delete()


def failing(*args):
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=out, stderr=out)
    return str(error.value) + out.getvalue()


def test_one_run_imports_the_posts_and_the_14_case_studies_none_as_an_article(repository):
    output = run("import_markdown", "--publish-anyway", str(repository))
    assert "Totaux : 17 créé(s)" in output and "; dont 14 étude(s) de cas" in output
    assert "créé : étude de cas nova-proptech — " in output and "0 erreur(s)" in output
    assert CaseStudy.objects.count() == 14 and Article.objects.count() == 3
    # The file's stem is the address, also when there is a title: never the title's slug.
    assert sorted(CaseStudy.objects.values_list("slug", flat=True)) == sorted(c[0] for c in CLIENTS)
    assert not Article.objects.filter(slug__in=[c[0] for c in CLIENTS]).exists()
    assert not Article.objects.filter(title__contains="partagent désormais").exists()
    assert CaseStudy.objects.filter(title="").count() == 2


def test_every_key_lands_in_its_field(repository):
    run("import_markdown", str(repository))
    case = CaseStudy.objects.get(slug="bati-conseil")  # index 1: a team, two quotes
    assert case.name == "Bâti Conseil" and case.title.startswith("Les équipes commerciales")
    assert case.subtitle.startswith("Bâti Conseil est un bureau")
    assert len(case.description) > 160
    assert (case.speaker, case.speaker_role) == ("Prénom1 Nom1", "Directeur commercial & Associé")
    assert case.duration == "4 mois" and case.youtube_id == ""
    assert case.status == CaseStudy.Status.PUBLISHED and case.is_published()
    assert timezone.localtime(case.published_at).date().isoformat() == "2024-02-11"
    assert sorted(s.name for s in case.scopes.all()) == ["Demande", "Découverte", "Négociation"]
    assert Scope.objects.get(name="Négociation").slug == "negociation"
    assert sorted(t.name for t in case.tools.all()) == ["Gsheet", "Lemlist", "Notion"]
    # Repeated free labels count once, each a tag with its label.
    assert sorted(t.slug for t in case.tags.all()) == ["equipe-planification", "process-outils"]
    assert Tag.objects.get(slug="equipe-planification").display == "Équipe & Planification"
    assert [q.text[-4:] for q in case.quotes.all()] == ["(0).", "(1)."]
    assert [d.position for d in case.deliverables.all()] == [0, 1, 2, 3]
    assert [a.name for a in case.team.all()] == ["Camille Martin", "Thomas Lefèvre"][:2]
    assert case.body.startswith("## La mission") and "<h2" in case.body_html
    assert CaseStudy.objects.get(slug="atelier-lumen").youtube_id == "vid00abcdEF"
    assert CaseStudy.objects.get(slug="ferme-digitale").front_matter_extra == {"color": "orange"}
    assert Tool.objects.count() == len(TOOLS)  # each label once, however many name it


def test_export_then_import_into_an_empty_database_then_export_is_byte_identical(
    repository, tmp_path
):
    run("import_markdown", "--publish-anyway", str(repository))
    run("export_markdown", str(tmp_path / "one"))
    one = {
        p.relative_to(tmp_path / "one"): p.read_bytes()
        for p in (tmp_path / "one").rglob("*")
        if p.is_file()
    }
    assert len([p for p in one if p.parts[0] == "clients"]) == 14
    exported = one[next(p for p in one if p.as_posix() == "clients/ferme-digitale/index.md")]
    assert exported.decode().startswith("---\nname: Ferme Digitale\ndate: '2024-06-15'\n")
    assert "color: orange" in exported.decode()
    empty_the_database()
    assert not CaseStudy.objects.exists() and not Author.objects.exists()
    output = run("import_markdown", str(tmp_path / "one"))
    assert "Totaux : 17 créé(s)" in output and "dont 14 étude(s) de cas" in output
    run("export_markdown", str(tmp_path / "two"))
    two = {
        p.relative_to(tmp_path / "two"): p.read_bytes()
        for p in (tmp_path / "two").rglob("*")
        if p.is_file()
    }
    assert one == two
    assert Author.objects.get(slug="thomas-lefevre").name == "Thomas Lefèvre"


def test_importing_twice_changes_nothing_and_says_so(repository):
    run("import_markdown", str(repository))
    stamps = dict(CaseStudy.objects.values_list("slug", "updated_at"))
    output = run("import_markdown", str(repository))
    assert "0 créé(s), 0 mis à jour, 17 inchangé(s)" in output
    assert "inchangé : étude de cas hexa-rh — " in output
    assert dict(CaseStudy.objects.values_list("slug", "updated_at")) == stamps


def test_a_changed_file_updates_its_case_study(repository):
    run("import_markdown", str(repository))
    path = repository / "clients" / "iris-sante.md"
    path.write_text(path.read_text().replace("Iris Santé est", "Iris Santé reste"))
    output = run("import_markdown", str(repository))
    assert "mis à jour : étude de cas iris-sante — " in output and "16 inchangé(s)" in output
    assert CaseStudy.objects.get(slug="iris-sante").subtitle.startswith("Iris Santé reste")


def test_the_kind_option_forces_the_reading(tmp_path):
    """`--kind client`: a file without quotes nor deliverables is a case study all the same;
    `--kind article`: a case study's shape is read as an article."""
    write(tmp_path, "a/sobre.md", "---\nname: Sobre\ntitle: Un client sans citation\n---\nTexte.\n")
    run("import_markdown", "--kind", "client", str(tmp_path / "a"))
    assert CaseStudy.objects.get().slug == "sobre" and not Article.objects.exists()
    write(
        tmp_path,
        "b/recit.md",
        "---\nname: Récit\ntitle: Un récit lu comme un article\nquotes: [Bien.]\n---\nTexte.\n",
    )
    run("import_markdown", "--kind", "article", "--publish-anyway", str(tmp_path / "b"))
    assert Article.objects.get().title == "Un récit lu comme un article"
    assert CaseStudy.objects.count() == 1
    assert "(choose from 'article', 'client')" in failing("import_markdown", "--kind", "serie", "x")


@pytest.mark.parametrize(
    "front, where, message",
    [
        ("quotes: [Bien.]\nyoutubeId: abc", "x.md:4", "« youtubeId » doit être les 11 caractères"),
        ("quotes: {a: b}", "x.md:3", "la clé « quotes » doit être une liste de textes."),
        ("quotes: [Bien.]\ndate: hier", "x.md:4", "la clé « date » n'est pas une date : « hier »"),
        ("quotes: [Bien.]\nstatus: vieux", "x.md:4", "statut inconnu « vieux »"),
        ("quotes: [Bien.]\nscopes: ['!!']", "x.md:4", "« scopes » : libellé vide ou sans lettre"),
        ("quotes: [Bien.]\nimage: photo.jpg", "x.md:4", "« image » doit être l'identifiant"),
    ],
)
def test_a_wrong_value_is_refused_with_its_file_and_line_in_french(tmp_path, front, where, message):
    write(tmp_path, "x.md", f"---\nname: Client\n{front}\n---\nTexte.\n")
    output = failing("import_markdown", str(tmp_path))
    assert f"{where}: {message}" in output and "rien n'a été importé" in output
    assert not CaseStudy.objects.exists()


def test_two_files_for_one_address_are_both_left_out(tmp_path):
    shape = "---\nname: {}\ndeliverables: [Un livrable]\n---\nTexte.\n"
    write(tmp_path, "clients/duo.md", shape.format("Duo"))
    write(tmp_path, "archives/duo.md", shape.format("Duo bis"))
    output = failing("import_markdown", "--skip-invalid", str(tmp_path))
    assert "étude de cas « duo »" in output and "donne la même adresse" in output
    assert not CaseStudy.objects.exists()


def test_no_case_study_shows_on_the_blog(repository, client):
    run("import_markdown", "--publish-anyway", str(repository))
    page = client.get("/blog/").content.decode()
    assert "Comprendre le RevOps en dix minutes" in page
    assert "Atelier Lumen" not in page and "partagent désormais" not in page


IMAGE_ID = "7d3f0a9e-2b4c-4e1d-8a6f-5c9b0e1d2f3a"


def test_a_hero_image_travels_with_its_case_study(tmp_path, media_root):
    """`image: <id>` with its file under the bundle's images/: imported, exported beside the
    case study, and the round trip holds, file included."""
    site = tmp_path / "site"
    write(
        site,
        "clients/illustre/index.md",
        f"---\nname: Illustré\nimage: {IMAGE_ID}\nimages:\n- id: {IMAGE_ID}\n  alt: Un atelier\n"
        f"deliverables: [Un plan]\n---\nTexte.\n",
    )
    (site / "clients/illustre/images").mkdir()
    (site / f"clients/illustre/images/{IMAGE_ID}.png").write_bytes(image_bytes())
    run("import_markdown", str(site))
    case = CaseStudy.objects.get(slug="illustre")
    assert str(case.hero_image_id) == IMAGE_ID and case.hero_image.file
    assert case.hero_image.alt == "Un atelier"
    run("export_markdown", str(tmp_path / "one"))
    assert (tmp_path / f"one/clients/illustre/images/{IMAGE_ID}.png").is_file()
    empty_the_database()
    run("import_markdown", str(tmp_path / "one"))
    run("export_markdown", str(tmp_path / "two"))
    one, two = tmp_path / "one", tmp_path / "two"
    assert {p.relative_to(one): p.read_bytes() for p in one.rglob("*") if p.is_file()} == {
        p.relative_to(two): p.read_bytes() for p in two.rglob("*") if p.is_file()
    }


def test_a_dry_run_tells_the_case_studies_and_writes_nothing(repository):
    output = run("import_markdown", "--dry-run", str(repository))
    assert "serait créé : étude de cas cap-logistique — " in output
    assert "Simulation, rien n'a été écrit." in output and "dont 14 étude(s) de cas" in output
    assert not CaseStudy.objects.exists() and not Scope.objects.exists()


CASE_MODELS = [CaseStudy, Scope, Tool, Quote, Deliverable, Author, Tag, TaggedCaseStudy,
               CaseStudy.scopes.through, CaseStudy.tools.through, CaseStudy.team.through,
               CaseStudy.history.model, Quote.history.model]  # fmt: skip


def rows():
    return {
        model._meta.label: sorted(
            model._base_manager.values(
                *[f.attname for f in model._meta.concrete_fields if f.attname != "search_vector"]
            ),
            key=repr,
        )
        for model in CASE_MODELS
    }


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_in_batches_undoes_its_case_studies(tmp_path, settings, monkeypatch):
    """SQLite's batches (each file committed): a run refused at its last file puts back the
    case study it changed (scopes, tools, team, tags, quotes) and removes the one it made."""
    settings.IMPORT_BATCH_SECONDS, settings.IMPORT_BATCH_PAUSE = 1e-9, 0
    shape = "---\nname: {}\nscopes: [{}]\ntools: [{}]\nteam: [{}]\ntags: [{}]\nquotes: [{}]\n---\n"
    write(tmp_path, "a/clients/existant.md", shape.format("Ancien", "Demande", "Notion",
          "Camille Martin", "Process", "Avant."))  # fmt: skip
    run("import_markdown", str(tmp_path / "a"))
    before = rows()
    write(tmp_path, "b/clients/existant.md", shape.format("Revu", "Expansion", "Hubspot",
          "Thomas Lefèvre", "Data", "Après."))  # fmt: skip
    write(tmp_path, "b/clients/nouveau.md", shape.format("Neuf", "Acquisition", "Lemlist",
          "Dominique Roy", "Neuf", "Bien."))  # fmt: skip
    write(tmp_path, "b/clients/zz-refuse.md", shape.format("Refusé", "A", "B", "C", "D", "E."))
    load = bundle_fields.load

    def refusing(document, slug, *args):
        if slug == "zz-refuse":
            document.error("refusé au chargement.", "name")
        return load(document, slug, *args)

    monkeypatch.setattr(bundle_fields, "load", refusing)
    output = failing("import_markdown", str(tmp_path / "b"))
    assert "zz-refuse.md:2: refusé au chargement." in output and "rien n'a été importé" in output
    assert rows() == before
    assert CaseStudy.objects.get().name == "Ancien"
