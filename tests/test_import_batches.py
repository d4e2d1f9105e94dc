"""A long import commits in batches: editors' saves get the database between two batches; a run
that fails is undone as a whole, except what someone saved meanwhile (issue 17, item 11)."""

import pytest
from django.db import connections

from articles import indexing
from articles.models import Article, Author, ImageAsset, Redirect, Tag
from articles.models.taxonomy import TaggedArticle
from publishing.models import ImportRecord
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role, TaggedRole
from tests.commands import failure_text, run
from tests.conftest import image_bytes
from tests.markdown_fixtures import article
from tests.test_database_busy import database_file, migrated_file, run_script  # noqa: F401
from tests.test_import import write
from tests.test_workflow import change_data

IMAGE_ID = "5b0c6d2e-8f1a-4c3b-9d7e-2a1f0e9c8b7a"
FILES = 5


@pytest.fixture
def batches(settings):
    """Every article its own batch (a long import, in small)."""
    settings.IMPORT_BATCH_SECONDS = 1e-9
    settings.IMPORT_BATCH_PAUSE = 0


@pytest.fixture
def commits():
    """What was committed by each batch, seen at the moment of the commit: [article count]."""
    seen = []

    def receiver(**kwargs):
        seen.append(Article.objects.count())

    indexing.indexed.connect(receiver, dispatch_uid="batches-seen")
    yield seen
    indexing.indexed.disconnect(dispatch_uid="batches-seen")


BETWEEN_BATCHES = """
    import json, os, sys, threading
    os.environ["DJANGO_SETTINGS_MODULE"] = "revops_site.settings"
    import django
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from articles import indexing
    from articles.models import Article
    from tests.test_admin_roles import opened

    article = Article.objects.get(slug="partage")
    url = f"/admin/articles/article/{article.pk}/change/"
    editor = Client(raise_request_exception=False)
    editor.force_login(User.objects.get(username="redaction"))
    data = {**opened(editor, url), "body": "Texte revu pendant l'import."}
    seen = []

    def editor_saves(**kwargs):  # on its own connection, in its own thread
        def save():
            try:
                response = editor.post(url, data)
                seen.append({"status": response.status_code, "html": response.content.decode(),
                             "imported": Article.objects.exclude(pk=article.pk).count()})
            finally:
                connections.close_all()

        if not seen and threading.current_thread() is threading.main_thread():
            thread = threading.Thread(target=save)
            thread.start()
            thread.join()

    indexing.indexed.connect(editor_saves, weak=False)  # sent once a commit is indexed
    call_command("import_markdown", sys.argv[2], verbosity=0)
    print(json.dumps({"editor": seen[0], "total": Article.objects.count(),
                      "body": Article.objects.get(pk=article.pk).body}))
"""


@pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="SQLite's write lock only")
def test_an_editor_saves_between_two_batches_of_a_long_import(database_file, tmp_path):  # noqa: F811
    """While an import of several files runs on a SQLite file, an editor's save on another
    connection goes through between two of its batches (the import holds the write lock for
    one batch, not for its whole run), and the import then completes."""
    folder = tmp_path / "import"
    for n in range(1, FILES + 1):
        write(folder, f"article-{n}.md", article(f"title: Article importé {n}\ntags: [ops]"))
    result = run_script(
        BETWEEN_BATCHES,
        database_file,
        tmp_path,
        folder,
        SQLITE_BUSY_TIMEOUT="0.5",
        IMPORT_BATCH_SECONDS="0.000001",
    )
    assert result["editor"]["status"] == 302, result["editor"]["html"]
    assert 0 < result["editor"]["imported"] < FILES  # saved while the import was running
    assert result["body"] == "Texte revu pendant l'import."
    assert result["total"] == FILES + 1


# --- A failed run undone ------------------------------------------------------------------


def bundle(folder, slug, front, body="Un paragraphe de texte.\n", roles=()):
    write(folder / slug, "index.md", article(front, body))
    for n, role in enumerate(roles, start=1):
        write(folder / slug, f"roles/{n:02d}-{n}.md", article(role))


def first_import(tmp_path):
    """The site before the run that will fail: an article with a role, tags, an image."""
    site = tmp_path / "avant"
    bundle(site, "existant", "title: Texte existant\nauthor: camille\ntags: [ops, data]",
           roles=["title: Coach\nnickname: le mentor\nmissions:\n  - Former les équipes"])  # fmt: skip
    run("import_markdown", str(site))


def failing_import(tmp_path):
    """New articles (a new tag, author, image), the existing one changed, then a refused file."""
    site = tmp_path / "apres"
    bundle(site, "aa-nouveau", "title: Texte nouveau\nauthor: dominique\ntags: [nouveau-tag]",
           roles=["title: Analyste\nmissions:\n  - Compter"])  # fmt: skip
    bundle(site, "existant", "title: Texte existant, revu\nauthor: camille\ntags: [ops, autre]",
           roles=["title: Coach\nnickname: le guide\nmissions:\n  - Former\n  - Écrire",
                  "title: Vigie"])  # fmt: skip
    bundle(site, "mm-image", "title: Texte illustré", body=f"![Un schéma]({IMAGE_ID})\n")
    write(site / "mm-image", f"images/{IMAGE_ID}.png", image_bytes())
    bundle(site, "zz-refuse", "title: Refusé\nstatus: bizarre")
    return site


MODELS = [Article, Role, Mission, BackgroundItem, AlternativeTitle, Tag, TaggedArticle, TaggedRole,
          Author, ImageAsset, Redirect, ImportRecord, Article.history.model, Role.history.model,
          Mission.history.model]  # fmt: skip


def everything():
    """Every row of the content (revisions included), as values."""
    return {
        model._meta.label: sorted(
            (
                model._base_manager.values(
                    *[
                        f.attname
                        for f in model._meta.concrete_fields
                        if f.attname != "search_vector"
                    ]
                )
            ),  # fmt: skip
            key=repr,
        )
        for model in MODELS
    }


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_is_undone_whole_after_its_batches_committed(
    tmp_path, media_root, batches, commits
):
    """A refused file at the end of a run whose first files were already committed: every row
    and file of the run goes, the changed article gets back its title, roles and tags, and the
    site is exactly as before, revisions included."""
    first_import(tmp_path)
    before, files = everything(), files_under(media_root)
    commits.clear()
    error = failure_text("import_markdown", str(failing_import(tmp_path)))
    assert "statut inconnu « bizarre »" in error and "rien n'a été importé" in error
    assert len(commits) >= 3 and max(commits) > 1  # its batches were committed, then undone
    assert everything() == before
    assert files_under(media_root) == files
    existant = Article.objects.get(slug="existant")
    assert existant.title == "Texte existant"
    assert sorted(existant.tags.names()) == ["data", "ops"]
    assert [(r.slug, r.nickname) for r in existant.roles.all()] == [("coach", "le mentor")]


@pytest.mark.django_db(transaction=True)
def test_what_an_editor_saved_between_batches_survives_the_undo(
    tmp_path, media_root, batches, staff_client
):
    """An editor saved an article the run had just created, between two batches: when the run
    fails, that article stays as she saved it (with its role), the rest of the run is undone,
    and the error names what was kept."""
    first_import(tmp_path)
    saved = []

    def editor_saves(**kwargs):
        new = Article.objects.filter(slug="aa-nouveau").first()
        if new is not None and not saved:
            saved.append(True)
            data = change_data(staff_client, new)
            data["body"] = "Relu par la rédaction."
            response = staff_client.post(f"/admin/articles/article/{new.pk}/change/", data)
            assert response.status_code == 302

    indexing.indexed.connect(editor_saves, dispatch_uid="editor-between-batches")
    try:
        error = failure_text("import_markdown", str(failing_import(tmp_path)))
    finally:
        indexing.indexed.disconnect(dispatch_uid="editor-between-batches")
    assert saved
    kept = Article.objects.get(slug="aa-nouveau")
    assert kept.body == "Relu par la rédaction."
    assert [r.title for r in kept.roles.all()] == ["Analyste"]
    assert "gardé tel quel" in error and "« Texte nouveau »" in error
    assert not Article.objects.filter(slug="mm-image").exists()
    assert Article.objects.get(slug="existant").title == "Texte existant"
