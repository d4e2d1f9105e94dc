"""A database from before roles left `articles` (issue 20) migrates to today's layout: its rows,
revisions, admin history and editors' permissions follow the models to the `roles` app, and a
database that once had the first `roles` app (0001-0006 still recorded) migrates too.

The old database is built with today's migrations: back to `articles.0020` with `roles`
unapplied (`articles.0021` and `roles.0007` are the state-only move), rows written through the
models as they were then, then forward to the latest. Each test leaves the database fully
migrated for the tests that follow it in the same worker."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from roles.models import AlternativeTitle, BackgroundItem, Mission, Role, TaggedRole
from tests.html_forms import page_form

BEFORE_THE_MOVE = [("articles", "0020_backfill_image_hashes"), ("roles", None)]
THE_MOVE = ("roles", "0007_models_from_articles")
# The first roles app's migrations, still listed in django_migrations on the databases that had
# it (articles 0008 adopted its tables).
FIRST_ROLES_APP = [
    "0001_initial", "0002_search_text", "0003_historicalrole", "0004_folded_search",
    "0005_item_history", "0006_search_vector",
]  # fmt: skip
ROLE_MODELS = [
    "role", "mission", "backgrounditem", "alternativetitle", "taggedrole", "historicalrole",
    "historicalmission", "historicalbackgrounditem", "historicalalternativetitle",
]  # fmt: skip
PASSWORD = "un-mot-de-passe-solide-42"
MOMENT = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC)


def migrate_to(targets):
    """Apply or unapply migrations up to `targets`; the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # what is applied now
    applied = [key for key in executor.loader.applied_migrations if key in executor.loader.graph]
    ContentType.objects.clear_cache()  # ids and labels change with the move
    return executor.loader.project_state(applied).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    return migrate_to(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_database():
    """The models as they were before the move; the database fully migrated afterwards,
    whatever the test did."""
    try:
        yield migrate_to(BEFORE_THE_MOVE)
    finally:
        MigrationRecorder(connection).migration_qs.filter(
            app="roles", name__in=FIRST_ROLES_APP
        ).delete()
        migrate_to_latest()


def content_type(apps, app_label, model):
    types = apps.get_model("contenttypes", "ContentType").objects
    return types.get_or_create(app_label=app_label, model=model)[0]


def role_permission(apps, codename):
    """A permission on roles, of the `articles` app as editors were given them then."""
    permissions = apps.get_model("auth", "Permission").objects
    kind = content_type(apps, "articles", "role")
    return permissions.get_or_create(
        content_type=kind, codename=codename, defaults={"name": codename.replace("_", " ")}
    )[0]


def write_old_rows(apps):
    """What a blog held then: an author, an article, a tagged role with its lists, the role's
    revisions (a creation and an edit of its nickname) and the admin's record of that edit, and
    an editor who may only view and change roles."""
    get = apps.get_model
    user = get("auth", "User").objects.create(
        username="chef", password=make_password(PASSWORD), is_staff=True, is_superuser=True
    )
    editor = get("auth", "User").objects.create(
        username="redactrice-roles", password=make_password(PASSWORD), is_staff=True
    )
    editor.user_permissions.set(
        [role_permission(apps, "change_role"), role_permission(apps, "view_role")]
    )
    author = get("articles", "Author").objects.create(name="Camille Martin", slug="camille-martin")
    article = get("articles", "Article").objects.create(
        title="Les rôles du RevOps", slug="roles-revops", author=author, status="published",
        published_at=MOMENT, body="## Introduction\n\nLes rôles.\n",
    )  # fmt: skip
    role = get("articles", "Role").objects.create(
        article=article, title="Coach", slug="coach", nickname="la boussole", intro="L'aide."
    )
    for position, text in enumerate(("Former les équipes", "Tenir le playbook"), start=1):
        get("articles", "Mission").objects.create(role=role, position=position, text=text)
    get("articles", "BackgroundItem").objects.create(role=role, position=1, text="Cinq ans")
    get("articles", "AlternativeTitle").objects.create(role=role, position=1, title="Mentor")
    tag = get("articles", "Tag").objects.create(name="ops", slug="ops", label="Opérations")
    get("articles", "TaggedRole").objects.create(content_object=role, tag=tag)

    history = get("articles", "HistoricalRole").objects
    for moment, kind, nickname in ((MOMENT, "+", "le mentor"),
                                   (MOMENT + datetime.timedelta(hours=1), "~", "la boussole")):  # fmt: skip
        history.create(
            id=role.pk, order=0, title="Coach", slug="coach", nickname=nickname, intro="L'aide.",
            version=0, article_id=article.pk, history_date=moment, history_type=kind,
            history_user=user,
        )  # fmt: skip
    get("articles", "HistoricalMission").objects.create(
        id=get("articles", "Mission").objects.first().pk, role_id=role.pk, position=1,
        text="Former les équipes", history_date=MOMENT, history_type="+", history_user=user,
    )  # fmt: skip
    get("admin", "LogEntry").objects.create(
        action_time=MOMENT + datetime.timedelta(hours=1), user=user,
        content_type=content_type(apps, "articles", "role"), object_id=str(role.pk),
        object_repr="Coach", action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Surnom"]}}]',
    )  # fmt: skip
    return role.pk


def signed_in(username):
    """A browser signed in through the admin's sign-in page, with the password set then."""
    client = Client()
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    return client


def counts(apps, app_label):
    """Rows of each role table, read through the models of `app_label`."""
    names = ["Role", "Mission", "BackgroundItem", "AlternativeTitle", "TaggedRole",
             "HistoricalRole", "HistoricalMission"]  # fmt: skip
    return {name: apps.get_model(app_label, name).objects.count() for name in names} | {
        "LogEntry": apps.get_model("admin", "LogEntry").objects.count(),
        "Article": apps.get_model("articles", "Article").objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_an_old_database_keeps_its_roles_history_and_editors(old_database):
    """Rows, revisions, the admin's history and a role editor's permissions follow the models
    to `roles`; the editor still changes the role from its new page, and an old bookmark of the
    role's admin page leads there."""
    pk = write_old_rows(old_database)
    before = counts(old_database, "articles")

    after = counts(migrate_to_latest(), "roles")
    assert after == before
    assert after["Role"] == 1 and after["Mission"] == 2 and after["HistoricalRole"] == 2

    role = Role.objects.get(pk=pk)
    assert (role.nickname, role.tags.get().label) == ("la boussole", "Opérations")
    assert [m.text for m in Mission.objects.filter(role=role)] == [
        "Former les équipes", "Tenir le playbook"
    ]  # fmt: skip
    assert BackgroundItem.objects.get().text == "Cinq ans"
    assert AlternativeTitle.objects.get().title == "Mentor"
    assert TaggedRole.objects.get().content_object == role
    assert [r.nickname for r in role.history.all()] == ["la boussole", "le mentor"]
    assert Mission.history.get().role_id == pk

    entry = LogEntry.objects.get()
    assert (entry.content_type.app_label, entry.content_type.model) == ("roles", "role")
    assert entry.get_edited_object() == role
    assert entry.get_admin_url() == f"/admin/roles/role/{pk}/change/"
    assert not ContentType.objects.filter(app_label="articles", model__in=ROLE_MODELS).exists()

    chief = signed_in("chef")
    history = chief.get(f"/admin/roles/role/{pk}/history/")
    assert history.status_code == 200
    html = history.content.decode()
    assert "Historique : Coach" in html and "<li>Création</li>" in html
    assert "Surnom : le mentor → la boussole" in html

    editor = signed_in("redactrice-roles")
    assert User.objects.get(username="redactrice-roles").get_all_permissions() == {
        "roles.change_role", "roles.view_role"
    }  # fmt: skip
    url = f"/admin/roles/role/{pk}/change/"
    data = page_form(editor, url)
    data["nickname"] = ["le phare"]
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Role.objects.get(pk=pk).nickname == "le phare"
    assert Role.history.count() == 3  # the edit is a revision, after the old ones

    old = editor.get(f"/admin/articles/role/{pk}/change/")
    assert (old.status_code, old["Location"]) == (301, url)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fake_initial", [False, True], ids=["migrate", "fake-initial"])
def test_a_database_that_had_the_first_roles_app_migrates(old_database, fake_initial):
    """Its six migrations, still recorded, neither stop `migrate` nor pass for 0007 (nor does
    `--fake-initial` take the tables there for it applied): the move runs, and the content
    types reach `roles`."""
    recorder = MigrationRecorder(connection)
    for name in FIRST_ROLES_APP:
        recorder.record_applied("roles", name)
    kind = content_type(old_database, "articles", "role")
    pk = write_old_rows(old_database)

    call_command("migrate", interactive=False, verbosity=0, fake_initial=fake_initial)

    applied = MigrationRecorder(connection).applied_migrations()
    assert THE_MOVE in applied
    assert ("articles", "0021_roles_leave_for_their_app") in applied
    ContentType.objects.clear_cache()
    moved = ContentType.objects.get(pk=kind.pk)
    assert (moved.app_label, moved.model) == ("roles", "role")
    assert ContentType.objects.get_for_model(Role) == moved
    assert LogEntry.objects.get().get_edited_object() == Role.objects.get(pk=pk)
    assert not ContentType.objects.filter(app_label="articles", model__in=ROLE_MODELS).exists()


@pytest.mark.django_db(transaction=True)
def test_content_types_made_by_todays_code_before_migrate_are_merged(old_database):
    """Today's code running before `migrate` (a server started first, a command) makes the
    `roles` content types it looks up: migrating merges them into the old ones, so the
    editor keeps their permissions and the admin's history its object."""
    pk = write_old_rows(old_database)
    ContentType.objects.clear_cache()
    early = ContentType.objects.get_for_model(Role)  # made now, with no permission given
    assert early.app_label == "roles"
    LogEntry.objects.create(
        user=User.objects.get(username="chef"), content_type=early, object_id=str(pk),
        object_repr="Coach", action_flag=CHANGE, change_message="[]",
    )  # fmt: skip

    call_command("migrate", interactive=False, verbosity=0)

    ContentType.objects.clear_cache()
    assert ContentType.objects.filter(model="role").count() == 1
    assert not ContentType.objects.filter(app_label="articles", model__in=ROLE_MODELS).exists()
    assert User.objects.get(username="redactrice-roles").get_all_permissions() == {
        "roles.change_role", "roles.view_role"
    }  # fmt: skip
    role = Role.objects.get(pk=pk)
    assert [entry.get_edited_object() for entry in LogEntry.objects.all()] == [role, role]
    editor = signed_in("redactrice-roles")
    assert editor.get(f"/admin/roles/role/{pk}/change/").status_code == 200
