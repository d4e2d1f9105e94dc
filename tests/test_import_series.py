"""Series from an import run: a podcast show from its episodes' Ausha players, a « parcours »
from `series` keys, what the report says, and the round trip through `series.yml`."""

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ImageAsset, Tag
from series.build import show_title
from series.models import Series, SeriesEntry
from tests.commands import fails, run
from tests.test_import_admin import URL, zipped
from tests.test_roundtrip_hardening import exported, wipe

pytestmark = pytest.mark.django_db

SHOW = "RvEchoes2026"
SUBJECTS = [
    "la prévision qui tient", "le pipeline qui ment", "les relances oubliées", "le CRM en friche",
    "l'onboarding client", "la marge cachée", "les quotas mal posés", "le churn silencieux",
    "la donnée orpheline", "le cycle de vente", "les tableaux de bord", "la prospection froide",
    "le handoff commercial", "les renouvellements", "la tarification", "le scoring de leads",
    "la rétention", "les territoires", "le forecast hebdo", "l'outillage", "le bilan de l'année",
]  # fmt: skip
POST_TOPICS = [
    "Nettoyer ses doublons", "Écrire un brief", "Choisir ses indicateurs", "Revoir ses étapes",
    "Former une équipe", "Cartographier ses outils", "Fixer un objectif", "Tenir un rituel",
    "Mesurer une campagne", "Relire un contrat", "Nommer ses champs", "Trier ses comptes",
    "Préparer un comité", "Suivre ses délais", "Documenter un process", "Auditer un flux",
    "Planifier un trimestre", "Clore un exercice",
]  # fmt: skip
COURSE = "Parcours pipeline"


def write(folder, relative, text):
    path = Path(folder) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def front(**keys):
    lines = [f"{key}: {value}" for key, value in keys.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def player(number, show=SHOW, title=None):
    title = title or f"Revenue Echoes #{number}"
    return f'{{% aushaPlayer showId="{show}" podcastId="Ep{number:02d}RevEchoX" title="{title}" %}}'


def episode_date(number):
    return (dt.date(2025, 1, 6) + dt.timedelta(days=17 * (number - 1))).isoformat()


def build_site(root):
    """21 episodes (bundles, named at random: their files' order is not their dates'), 18
    posts and a « parcours » of 3 whose file order and dates go against its order."""
    rng = random.Random(21)
    codes = rng.sample(range(100, 1000), 21)
    for number, code in zip(range(1, 22), codes, strict=True):
        write(
            root,
            f"ecoute-{code}/index.md",
            front(
                title=f'"Épisode {number} : {SUBJECTS[number - 1]}"',
                date=episode_date(number),
                tags="[revenue-echoes]",
                description=f"Un échange sur {SUBJECTS[number - 1]}.",
            )
            + f"Cette semaine, nous parlons de {SUBJECTS[number - 1]}.\n\n{player(number)}\n\n"
            "Bonne écoute, et à la semaine prochaine.\n",
        )
    for index, topic in enumerate(POST_TOPICS):
        write(
            root,
            f"billets/billet-{rng.randint(1000, 9999)}-{index}.md",
            front(title=f'"{topic}"', date=f"2024-{index % 12 + 1:02d}-15", tags="[methode]")
            + f"{topic} : trois étapes, un exemple et une liste de contrôle.\n",
        )
    for order, (name, date) in enumerate(
        [("zz-cadrer", "2025-03-01"), ("aa-mesurer", "2025-02-01"), ("mm-ajuster", "2025-01-01")],
        start=1,
    ):
        write(
            root,
            f"parcours/{name}.md",
            front(title=f"Pipeline, partie {order}", date=date, series=COURSE, series_order=order)
            + f"La partie {order} du parcours sur le pipeline.\n",
        )
    return root


@pytest.fixture
def site(tmp_path):
    return build_site(tmp_path / "site")


def slugs_of(series):
    return [entry.article.slug for entry in series.entries.select_related("article")]


def test_one_import_builds_the_podcast_series_and_the_parcours(site):
    output = run("import_markdown", "--publish-anyway", str(site))
    podcast = Series.objects.get(kind=Series.Kind.PODCAST)
    assert (podcast.title, podcast.slug, podcast.ausha_show_id) == (
        "Revenue Echoes", "revenue-echoes", SHOW
    )  # fmt: skip
    episodes = [entry.article for entry in podcast.entries.select_related("article")]
    assert [a.title.split(" :")[0] for a in episodes] == [f"Épisode {n}" for n in range(1, 22)]
    assert [e.position for e in podcast.entries.all()] == list(range(1, 22))
    assert all(a.tags.filter(slug="revenue-echoes").exists() for a in episodes)
    course = Series.objects.get(kind=Series.Kind.COURSE)
    assert (course.title, course.slug) == (COURSE, "parcours-pipeline")
    assert slugs_of(course) == ["zz-cadrer", "aa-mesurer", "mm-ajuster"]  # order, not date
    assert Series.objects.count() == 2
    posts = Article.objects.filter(tags__slug="methode")
    assert posts.count() == 18 and not SeriesEntry.objects.filter(article__in=posts).exists()
    assert SeriesEntry.objects.count() == 24
    assert f"série « Revenue Echoes » (podcast, émission {SHOW}) : créée, 21 épisodes" in output
    assert "série « Parcours pipeline » (parcours) : créée, 3 parties" in output
    assert "clé inconnue" not in output
    assert "42 créé(s)" in output


def test_a_second_run_changes_nothing_and_says_so(site):
    run("import_markdown", "--publish-anyway", str(site))
    before = list(SeriesEntry.objects.values_list("pk", "series_id", "article_id", "position"))
    stamps = list(Series.objects.values_list("pk", "updated_at"))
    output = run("import_markdown", "--publish-anyway", str(site))
    assert list(SeriesEntry.objects.values_list("pk", "series_id", "article_id", "position")) == (
        before
    )
    assert list(Series.objects.values_list("pk", "updated_at")) == stamps
    assert "série « Revenue Echoes » (podcast, émission RvEchoes2026) : inchangée, 21" in output
    assert "série « Parcours pipeline » (parcours) : inchangée, 3 parties" in output


def test_the_series_name_option_names_the_show(site):
    output = run(
        "import_markdown",
        "--publish-anyway",
        f"--series-name={SHOW}=Les échos du revenu",
        str(site),
    )
    podcast = Series.objects.get(ausha_show_id=SHOW)
    assert (podcast.title, podcast.slug) == ("Les échos du revenu", "les-echos-du-revenu")
    assert "série « Les échos du revenu » (podcast" in output


def test_a_wrong_series_name_option_is_refused_in_french(site):
    error = fails("import_markdown", "--series-name=abc", str(site))
    assert "« abc » : attendu SHOWID=Nom" in str(error)
    assert not Article.objects.exists() and not Series.objects.exists()


@pytest.mark.parametrize(
    ("titles", "name"),
    [
        (["Revenue echoes #3", "Revenue echoes #12"], "Revenue echoes"),
        (["Revenue echoes #1", "Revenue echoes #12"], "Revenue echoes"),
        (["Le point — 4", "Le point — 5"], "Le point"),
        (["Revenue Echoes #7"], "Revenue Echoes"),
        (["Le point n°4", "Le point n°5"], "Le point"),
        (["Les échos, épisode 9", "Les échos, épisode 10"], "Les échos"),
        (["Alpha", "Beta"], ""),
    ],
)
def test_a_show_is_named_by_the_common_start_of_its_players_titles(titles, name):
    assert show_title(titles) == name


def test_export_writes_series_keys_and_series_yml_and_the_round_trip_holds(site, tmp_path):
    run("import_markdown", "--publish-anyway", str(site))
    one, two = None, None
    one = exported(tmp_path / "one")
    episode = SeriesEntry.objects.get(series__kind=Series.Kind.PODCAST, position=5).article
    text = one[f"{episode.slug}/index.md"].decode()
    assert "series: revenue-echoes\nseries_order: 5\n" in text
    assert "series: parcours-pipeline\nseries_order: 1\n" in one["zz-cadrer/index.md"].decode()
    post = Article.objects.filter(tags__slug="methode").first()
    assert "series" not in one[f"{post.slug}/index.md"].decode()
    assert one["series.yml"].decode() == (
        "parcours-pipeline:\n  title: Parcours pipeline\n  kind: parcours\n"
        "revenue-echoes:\n  title: Revenue Echoes\n  kind: podcast\n"
        f"  ausha_show_id: {SHOW}\n"
    )
    wipe()
    Series.objects.all().delete()
    assert not SeriesEntry.objects.exists()
    output = run("import_markdown", "--publish-anyway", str(tmp_path / "one"))
    assert "clé inconnue" not in output
    two = exported(tmp_path / "two")
    assert two == one


def test_series_yml_carries_a_renamed_series_and_its_description(site, tmp_path):
    run("import_markdown", "--publish-anyway", str(site))
    Series.objects.filter(kind=Series.Kind.PODCAST).update(
        title="Échos", description="Un épisode toutes les deux semaines."
    )
    one = exported(tmp_path / "one")
    wipe()
    Series.objects.all().delete()
    run("import_markdown", "--publish-anyway", str(tmp_path / "one"))
    podcast = Series.objects.get(kind=Series.Kind.PODCAST)
    assert (podcast.title, podcast.slug, podcast.description) == (
        "Échos", "revenue-echoes", "Un épisode toutes les deux semaines."
    )  # fmt: skip
    assert len(slugs_of(podcast)) == 21
    assert exported(tmp_path / "two") == one


def test_a_series_image_travels_with_series_yml_byte_for_byte(site, tmp_path, make_asset):
    """A series' image goes out with `series.yml` (its id, texts and file under
    series/images/) and comes back on import into an empty site: the same bytes out again."""
    run("import_markdown", "--publish-anyway", str(site))
    asset = make_asset(alt="Micro et casque", credit="Studio RevOps")
    Series.objects.filter(kind=Series.Kind.PODCAST).update(image=asset)
    one = exported(tmp_path / "one")
    path = f"series/images/{asset.pk}.png"
    assert one[path] == asset.file.open("rb").read()
    assert (
        f"  image:\n    id: {asset.pk}\n    alt: Micro et casque\n    credit: Studio RevOps\n"
        f"    file: {path}\n"
    ) in one["series.yml"].decode()
    Series.objects.all().delete()
    wipe()
    output = run("import_markdown", "--publish-anyway", str(tmp_path / "one"))
    assert "clé inconnue" not in output
    podcast = Series.objects.get(kind=Series.Kind.PODCAST)
    assert podcast.image.pk == asset.pk and podcast.image.alt == "Micro et casque"
    assert podcast.image.file
    assert exported(tmp_path / "two") == one


def test_a_dry_run_stores_no_series_image(site, tmp_path, make_asset, settings):
    """A dry run of an export carrying a series' image leaves neither its row nor its file."""
    run("import_markdown", "--publish-anyway", str(site))
    asset = make_asset(alt="Micro")
    Series.objects.filter(kind=Series.Kind.PODCAST).update(image=asset)
    exported(tmp_path / "one")
    Series.objects.all().delete()
    wipe()
    settings.MEDIA_ROOT = media = tmp_path / "new-site-media"  # a new site's storage
    output = run("import_markdown", "--dry-run", str(tmp_path / "one"))
    assert "série « Revenue Echoes » (podcast, émission RvEchoes2026) : serait créée" in output
    assert not ImageAsset.objects.exists() and not Series.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_a_series_image_that_is_wrong_is_refused_before_anything_is_written(site):
    """A series.yml image that is no id, or whose file is missing or not an image: refused,
    with the file, the line and what to fix, nothing written."""
    cases = {
        "image: pas-un-id": "il faut l'identifiant d'une image",
        "image:\n    id: 0b6c6bb4-9e49-4f43-9f3a-4a1f4e4f0c11\n    file: series/images/absente.png": (
            "fichier d'image « series/images/absente.png » introuvable"
        ),
        "image:\n    id: 0b6c6bb4-9e49-4f43-9f3a-4a1f4e4f0c11\n    file: faux.png": (
            "image « faux.png » refusée"
        ),
        "image:\n    id: 0b6c6bb4-9e49-4f43-9f3a-4a1f4e4f0c11\n    taille: 3": (
            "clé d'image inconnue « taille »"
        ),
    }
    write(site, "faux.png", "ceci n'est pas une image")
    for image, message in cases.items():
        write(site, "series.yml", f"podcast-x:\n  title: Podcast X\n  {image}\n")
        error = str(fails("import_markdown", str(site)))
        assert "series.yml:1: « podcast-x » : " in error and message in error, error
    assert not Article.objects.exists() and not Series.objects.exists()


def test_without_an_order_a_part_goes_by_date_and_an_empty_key_leaves(tmp_path):
    root = tmp_path / "site"
    for name, date, extra in [
        ("un", "2025-05-01", {"series_order": 1}),
        ("trois", "2025-07-01", {}),
        ("deux", "2025-06-01", {}),
        ("mauvais", "2025-04-01", {"series_order": "deuxième"}),
    ]:
        write(
            root, f"{name}.md", front(title=name, date=date, series="Mon parcours", **extra) + ".\n"
        )
    output = run("import_markdown", "--publish-anyway", str(root))
    course = Series.objects.get(slug="mon-parcours")
    assert slugs_of(course) == ["un", "mauvais", "deux", "trois"]
    assert "« series_order: deuxième » : il faut un nombre entier à partir de 1" in output
    write(root, "deux.md", front(title="deux", date="2025-06-01", series="''") + ".\n")
    output = run("import_markdown", "--publish-anyway", str(root))
    assert slugs_of(course) == ["un", "mauvais", "trois"]
    assert [e.position for e in course.entries.all()] == [1, 2, 3]
    assert "série « Mon parcours » (parcours) : mise à jour, 3 parties" in output


def test_front_matter_players_count_and_a_lone_episode_makes_no_series(tmp_path):
    root = tmp_path / "site"
    write(
        root, "seul.md", front(title="Seul", podcastId="Ep01RevEchoX", podcastShowId="LoneShow0001")
    )
    for number in (1, 2):
        write(
            root,
            f"avant-{number}.md",
            front(
                title=f"Le Point Revenu n°{number}",
                date=f"2025-0{number}-01",
                podcastId=f"Ep0{number}RevEchoX",
                podcastShowId="TwoShow00002",
            )
            + "Un épisode.\n",
        )
    write(root, "perdu.md", front(title="Perdu", series_order=2) + "Sans série.\n")
    output = run("import_markdown", "--publish-anyway", str(root))
    assert "perdu.md:3: « series_order » sans « series » : ignorée (ajoutez la série)." in output
    series = Series.objects.get()
    assert (series.title, series.ausha_show_id) == ("Le Point Revenu", "TwoShow00002")
    assert slugs_of(series) == ["avant-1", "avant-2"]
    assert not SeriesEntry.objects.filter(article__slug="seul").exists()


def test_a_dry_run_builds_nothing_and_says_what_it_would(site):
    output = run("import_markdown", "--dry-run", str(site))
    assert "série « Revenue Echoes » (podcast, émission RvEchoes2026) : serait créée" in output
    assert not Series.objects.exists() and not Tag.objects.exists()


def test_a_wrong_series_yml_is_refused_with_its_line(site):
    write(site, "series.yml", "parcours-pipeline:\n  title: Parcours\n  kind: roman\n")
    error = fails("import_markdown", str(site))
    assert "series.yml:1: « parcours-pipeline » : type « roman » inconnu" in str(error)
    assert not Article.objects.exists()


def test_the_admin_import_page_says_what_series_it_builds(staff_client, site, settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "imports-en-attente"
    files = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    response = staff_client.post(URL, {"file": SimpleUploadedFile("site.zip", zipped(files))})
    html = response.content.decode()
    assert response.status_code == 200 and not Series.objects.exists()
    assert "Ce que l'import construirait aussi" in html
    assert f"Série « Revenue Echoes » (podcast, émission {SHOW}) : serait créée, 21 épisodes" in (
        html.replace("&#x27;", "'")
    )
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    html = staff_client.post(URL, {"token": token}, follow=True).content.decode()
    assert "Ce que l'import a aussi construit" in html
    assert "Série « Parcours pipeline » (parcours) : créée, 3 parties" in html
    assert Series.objects.count() == 2
