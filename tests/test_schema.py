"""One front-matter schema drives reading, loading, writing and the admin's checks."""

import dataclasses
from html import unescape
from pathlib import Path

import frontmatter
import pytest
from django.utils import timezone

from articles import schema
from articles.models import Article
from publishing import load
from publishing.errors import ContentError
from publishing.front_matter import FrontMatterHandler
from publishing.write import ARTICLE_WRITERS
from roles import bundle_load as load_roles
from roles import schema as role_schema
from roles.bundle_write import ROLE_WRITERS
from roles.models import Role
from tests.commands import failure_text, run
from tests.markdown_fixtures import IMAGE_IDS, article
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db


def write(directory, name, content):
    path = Path(directory) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def exported(tmp_path, relative):
    run("export_markdown", str(tmp_path / "out"))
    return (tmp_path / "out" / relative).read_text(encoding="utf-8")


def top_level_keys(text):
    front = text.split("---\n")[1]
    return [line.split(":")[0] for line in front.splitlines() if line[:1] not in {" ", "-"}]


# --- Reading and loading -----------------------------------------------------------------


def test_all_digit_values_of_text_keys_stay_text_through_import_and_export(tmp_path):
    """`description: 0042` is the text « 0042 », on the site and in the exported file."""
    bundle = tmp_path / "site" / "chiffres"
    write(bundle, "index.md", article("title: 2024\ndescription: 0042\nimage_credit: 1234"))
    write(bundle, "roles/01-agent.md", article("title: Agent\nnickname: 007"))
    run("import_markdown", "--publish-anyway", str(tmp_path / "site"))
    saved = Article.objects.get()
    assert (saved.title, saved.description, saved.hero_image_credit) == ("2024", "0042", "1234")
    assert Role.objects.get().nickname == "007"
    text = exported(tmp_path, "chiffres/index.md")
    assert "title: '2024'\n" in text and "description: '0042'\n" in text
    assert "nickname: '007'\n" in exported(tmp_path, "chiffres/roles/01-agent.md")


def test_synonyms_load_into_their_fields_and_export_under_the_schema_name(tmp_path):
    """`summary`, `publishDate` and `categories` from other tools fill excerpt, date and tags."""
    path = write(
        tmp_path,
        "a.md",
        article("title: Synonymes\nsummary: Le chapeau.\npublishDate: 2025-02-03\ncategories: ops"),
    )
    run("import_markdown", "--publish-anyway", str(path))
    saved = Article.objects.get()
    assert saved.excerpt == "Le chapeau." and saved.front_matter_extra == {}
    assert timezone.localtime(saved.published_at).date().isoformat() == "2025-02-03"
    assert [t.slug for t in saved.tags.all()] == ["ops"]
    text = exported(tmp_path, "synonymes/index.md")
    assert "excerpt: Le chapeau.\ndate: '2025-02-03'\n" in text and "summary" not in text


def test_a_value_over_its_field_limit_is_refused_naming_file_line_and_fix(tmp_path):
    """Too long for its column: the importer says which file, which line and what to do."""
    path = write(tmp_path, "a.md", article(f"title: Long\nimage_alt: {'x' * 256}"))
    error = failure_text("import_markdown", str(path))
    assert "a.md:3: la clé « image_alt » fait 256 caractères, 255 au plus : raccourcissez-la." in (
        error
    )
    assert Article.objects.count() == 0


def test_a_role_value_over_its_field_limit_is_refused_naming_the_role_file(tmp_path):
    """Roles' plain keys have the same limits as articles'."""
    bundle = tmp_path / "site" / "equipe"
    write(bundle, "index.md", article("title: Équipe"))
    write(bundle, "roles/01-coach.md", article(f"title: Coach\nnickname: {'x' * 201}"))
    error = failure_text("import_markdown", str(tmp_path / "site"))
    assert "roles/01-coach.md:3: la clé « nickname » fait 201 caractères, 200 au plus" in error


def test_the_handler_is_a_python_frontmatter_handler():
    """`frontmatter.loads` and `frontmatter.dumps` work with it, text keys kept as written."""
    text = "---\ntitle: 2024\ndate: 2025-01-02\nweight: 3\n---\nCorps.\n"
    post = frontmatter.loads(text, handler=FrontMatterHandler())
    assert post.metadata == {"title": "2024", "date": "2025-01-02", "weight": 3}
    assert post.content == "Corps."
    assert frontmatter.dumps(post, handler=FrontMatterHandler()) == (
        "---\ntitle: '2024'\ndate: '2025-01-02'\nweight: 3\n---\nCorps.\n"
    )
    with pytest.raises(ContentError, match="ancres et alias YAML"):
        frontmatter.loads(
            "---\ntitle: &t Titre\ndescription: *t\n---\n", handler=FrontMatterHandler()
        )


# --- Writing -----------------------------------------------------------------------------


def test_exported_keys_follow_the_schema_then_the_extra_keys_sorted(tmp_path):
    """Whatever order the file had, the export writes the schema's order, then unknown keys."""
    bundle = tmp_path / "site" / "ordre"
    write(
        bundle,
        "index.md",
        article(
            "zeta: 1\ntags: [ops]\npodcastShowId: bK0XjSJD3JyA\npodcastId: B4W0qfPbZ3pV\n"
            "youtubeId: dQw4w9WgXcQ\nimage_credit: Crédit\nimage_alt: Texte\n"
            "image: https://exemple.fr/i.jpg\nforce_read: true\nread: 3 min\n"
            "unpublish: 2030-01-01\nstatus: draft\n"
            "date: 2025-01-02\nexcerpt: Chapeau\ndescription: Description\nauthor: camille\n"
            "slug: ordre\ntitle: Ordre\nalpha: 2",
            f"![Schéma]({IMAGE_IDS[0]})\n",
        ),
    )
    write(
        bundle,
        "roles/01-coach.md",
        article(
            "tags: [ops]\ndedicated_label: Lire\ndedicated: https://exemple.fr/coach\n"
            "alternative_titles: [Mentor]\nbackground:\n  experience: [Cinq ans]\n"
            f"missions: [Former]\nimage: {IMAGE_IDS[1]}\nimage_alt: Coach\nnickname: le guide\n"
            "slug: coach\nheading: Le Coach\ntitle: Coach"
        ),
    )
    run("import_markdown", "--publish-anyway", str(tmp_path / "site"))
    written = [key.name for key in schema.ARTICLE_KEYS if key.written]
    assert top_level_keys(exported(tmp_path, "ordre/index.md")) == [*written, "alpha", "zeta"]
    role_keys = top_level_keys(exported(tmp_path, "ordre/roles/01-coach.md"))
    assert role_keys == [key.name for key in role_schema.ROLE_KEYS if key.written]


def test_a_new_plain_text_key_needs_only_its_schema_line(tmp_path, monkeypatch):
    """A key mapped to a field is read as text, loaded, limited and exported from its line."""
    keys = list(schema.ARTICLE_KEYS)
    position = keys.index(schema.by_name(schema.ARTICLE_KEYS)["image_credit"])
    keys[position] = schema.Key("subtitle", "hero_image_credit")  # a field with a limit (200)
    monkeypatch.setattr(schema, "ARTICLE_KEYS", tuple(keys))
    path = write(tmp_path, "a.md", article("title: Vidéo\nsubtitle: 01234567\nweight: 3"))
    run("import_markdown", "--publish-anyway", str(path))
    saved = Article.objects.get()
    assert saved.hero_image_credit == "01234567" and saved.front_matter_extra == {"weight": 3}
    text = exported(tmp_path, "video/index.md")
    assert "status: published\nsubtitle: '01234567'\nweight: 3\n" in text
    path = write(tmp_path, "b.md", article(f"title: Trop\nsubtitle: {'1' * 201}"))
    assert "b.md:3: la clé « subtitle » fait 201 caractères" in failure_text(
        "import_markdown", str(path)
    )


# --- The schema itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "model"), [(schema.ARTICLE_KEYS, Article), (role_schema.ROLE_KEYS, Role)]
)
def test_every_key_names_a_field_of_its_model_and_plain_keys_are_text_or_flags(keys, model):
    """A typo in a field name or a plain key of a type no generic code reads fails here."""
    for key in keys:
        if key.field:
            model._meta.get_field(key.field)
        if key.plain:
            assert key.type in {schema.TEXT, schema.FLAG}, key
    assert len({key.name for key in keys}) == len(keys)


def test_every_kind_has_its_loading_and_writing_code():
    """A new kind is not silently dropped on import or export."""
    for keys, loaded, writers in (
        (schema.ARTICLE_KEYS, load.LOADED_KINDS, ARTICLE_WRITERS),
        (role_schema.ROLE_KEYS, load_roles.LOADED_KINDS, ROLE_WRITERS),
    ):
        assert {key.kind for key in keys if key.kind} == loaded
        assert {key.kind for key in keys if key.kind and key.written} == set(writers)


def test_text_keys_include_synonyms_and_leave_flags_and_lists_to_yaml():
    """What YAML keeps as written text comes from the schema, synonyms included."""
    keys = schema.text_keys(schema.ARTICLE_KEYS, role_schema.ROLE_KEYS)
    assert {"title", "excerpt", "exerpt", "summary", "publishDate", "read", "nickname"} <= keys
    assert not {"draft", "force_read", "tags", "categories", "images", "missions"} & keys


def test_keys_are_frozen():
    """The schema cannot be changed by accident at run time."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        schema.ARTICLE_KEYS[0].name = "titre"


# --- Admin checks ------------------------------------------------------------------------


def test_extra_front_matter_holding_a_schema_key_gets_a_french_message():
    """A known key, or its synonym, belongs in its field, not in the extra front matter."""
    messages = schema.check_extra_front_matter(
        {"excerpt": "x", "exerpt": "y", "images": [], "soundcloudId": "abc", "weight": 3}, Article
    )
    assert messages == [
        "La clé « excerpt » correspond au champ « chapeau » : remplissez ce champ plutôt que le "
        "front matter supplémentaire.",
        "La clé « exerpt » (synonyme de « excerpt ») correspond au champ « chapeau » : remplissez "
        "ce champ plutôt que le front matter supplémentaire.",
        "La clé « images » est lue par l'import : retirez-la du front matter supplémentaire.",
    ]
    assert schema.check_extra_front_matter({"weight": 3}, Article) == []
    assert schema.check_extra_front_matter(["excerpt"], Article) == [
        'Le front matter supplémentaire doit être un objet JSON : { "clé": valeur }.'
    ]


def test_a_value_is_checked_against_its_field_limit_in_french():
    """The admin can check any key's value with the message the importer gives."""
    title = schema.by_name(schema.ARTICLE_KEYS)["title"]
    assert schema.check_value(title, "x" * 200, Article) is None
    assert schema.check_value(title, "x" * 201, Article) == (
        "la clé « title » fait 201 caractères, 200 au plus : raccourcissez-la."
    )
    excerpt = schema.by_name(schema.ARTICLE_KEYS)["excerpt"]
    assert schema.check_value(excerpt, "x" * 10_000, Article) is None  # a TextField


# --- youtubeId, podcastId, podcastShowId: front-matter keys added with one schema line each ----


def test_youtube_id_round_trips_and_shows_the_player(tmp_path, client):
    """`youtubeId` (even all digits) lands in its field, is exported where the schema puts it,
    and the article page shows the player's facade, a link to the video without JavaScript."""
    path = write(tmp_path, "a.md", article("title: Vidéo\nyoutubeId: 12345678901\nweight: 3"))
    run("import_markdown", "--publish-anyway", str(path))
    saved = Article.objects.get()
    assert saved.youtube_id == "12345678901" and saved.front_matter_extra == {"weight": 3}
    text = exported(tmp_path, "video/index.md")
    assert "status: published\nyoutubeId: '12345678901'\nweight: 3\n" in text
    html = client.get(saved.get_absolute_url()).content.decode()
    assert 'href="https://www.youtube.com/watch?v=12345678901"' in html
    assert "Regarder la vidéo «\u202fVidéo\u202f»" in unescape(html)


def test_a_malformed_youtube_id_is_refused_with_its_file(tmp_path):
    """Not an 11-character id: refused, nothing written, the message says what is expected."""
    path = write(tmp_path, "a.md", article("title: Vidéo\nyoutubeId: https://youtu.be/x"))
    assert "a.md:3: la clé « youtubeId » fait 18 caractères, 11 au plus" in failure_text(
        "import_markdown", str(path)
    )
    path = write(tmp_path, "b.md", article("title: Vidéo\nyoutubeId: pas/valide!"))
    assert "b.md:3: « pas/valide! » n'est pas une valeur possible pour la clé « youtubeId » " in (
        failure_text("import_markdown", str(path))
    )
    assert "Identifiant YouTube : 11 caractères" in failure_text("import_markdown", str(path))
    assert not Article.objects.exists()


def test_podcast_ids_round_trip_byte_for_byte(tmp_path):
    """`podcastId` and `podcastShowId` (even all digits) land in their fields, are exported
    after `youtubeId`, and an exported file imported again exports the same bytes."""
    front = "title: Épisode\npodcastShowId: '000000000042'\npodcastId: B4W0qfPbZ3pV\nweight: 3"
    run(
        "import_markdown",
        "--publish-anyway",
        str(write(tmp_path, "site/episode/index.md", article(front))),
    )
    saved = Article.objects.get()
    assert (saved.podcast_id, saved.podcast_show_id) == ("B4W0qfPbZ3pV", "000000000042")
    first = exported(tmp_path, "episode/index.md")
    assert "podcastId: B4W0qfPbZ3pV\npodcastShowId: '000000000042'\nweight: 3\n" in first
    run("import_markdown", "--publish-anyway", str(tmp_path / "out"))
    assert Article.objects.get().podcast_show_id == "000000000042"
    assert exported(tmp_path, "episode/index.md").encode() == first.encode()


@pytest.mark.parametrize("key", ["podcastId", "podcastShowId"])
def test_a_malformed_podcast_id_is_refused_with_its_file_and_line(tmp_path, key):
    """Not 12 letters or digits: refused with the file, the line and what is expected."""
    path = write(tmp_path, "a.md", article(f"title: Épisode\n{key}: https://ausha.co/x"))
    assert f"a.md:3: la clé « {key} » fait 18 caractères, 12 au plus" in failure_text(
        "import_markdown", str(path)
    )
    path = write(tmp_path, "b.md", article(f"title: Épisode\n{key}: B4W0-fPbZ3pV"))
    assert (
        f"b.md:3: « B4W0-fPbZ3pV » n'est pas une valeur possible pour la clé « {key} » "
        "(Identifiant Ausha : 12 lettres ou chiffres)"
    ) in failure_text("import_markdown", str(path))
    assert not Article.objects.exists()


def test_the_admin_shows_the_video_and_podcast_fields(staff_client, make_article):
    """The video and podcast fields get their inputs, French labels and help, in their own
    folded section after the body."""
    article_ = make_article(
        "Avec vidéo", youtube_id="dQw4w9WgXcQ", podcast_id="B4W0qfPbZ3pV", podcast_show_id=""
    )
    html = staff_client.get(f"/admin/articles/article/{article_.pk}/change/").content.decode()
    assert 'name="youtube_id"' in html and 'value="dQw4w9WgXcQ"' in html
    assert 'name="podcast_id"' in html and 'value="B4W0qfPbZ3pV"' in html
    assert 'name="podcast_show_id"' in html
    assert "Vidéo et podcast" in html and html.index('name="body"') < html.index('"youtube_id"')
    assert "Vidéo YouTube" in html
    assert "Épisode de podcast (Ausha)" in html and "Émission du podcast (Ausha)" in html
    assert "Les 12 caractères après « podcastId= »" in html


def test_the_admin_refuses_a_malformed_podcast_id(staff_client, make_article):
    """The editor gets the field's French message, and nothing is saved."""
    article_ = make_article("Épisode")
    data = change_data(staff_client, article_)
    data["podcast_id"] = "pas-valide"
    html = staff_client.post(f"/admin/articles/article/{article_.pk}/change/", data)
    assert "Identifiant Ausha : 12 lettres ou chiffres." in html.content.decode()
    article_.refresh_from_db()
    assert article_.podcast_id == ""


def test_the_admin_refuses_a_schema_key_in_the_extra_front_matter(staff_client, make_article):
    """An editor typing `exerpt` into the extra front matter is sent to the real field."""
    article_ = make_article("Chapeau", status=Article.Status.DRAFT)
    data = change_data(staff_client, article_)
    data["front_matter_extra"] = '{"exerpt": "Le chapeau", "weight": 3}'
    html = staff_client.post(f"/admin/articles/article/{article_.pk}/change/", data)
    text = html.content.decode()
    assert "La clé « exerpt » (synonyme de « excerpt ») correspond au champ « chapeau »" in text
    article_.refresh_from_db()
    assert article_.front_matter_extra == {}
