"""Two editors saving the same article (or role) at the same moment: one save goes through,
the other gets the conflict screen, and no change vanishes (issue 17, item 4)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.db.models.signals import pre_save
from django.test import Client
from django.utils import timezone

from articles.admin.article import ArticleAdmin
from articles.models import Article
from roles.admin.role import RoleAdmin
from roles.models import Role
from tests.test_admin_roles import opened

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="saves racing on two connections: run with DATABASE_URL=postgres://… (on SQLite "
    "every admin save takes the write lock up front, BEGIN IMMEDIATE: no race to lose)",
)
ROUNDS = 4
ARTICLE_CONFLICT = "Conflit : cet article a été modifié par un autre rédacteur"
ROLE_CONFLICT = "Conflit : ce rôle a été modifié par un autre rédacteur"


@pytest.fixture
def editors(django_user_model):
    """Two staff accounts, each with its own logged-in client."""
    clients = []
    for name in ("alice", "bruno"):
        user = django_user_model.objects.create_user(
            name, password="un-mot-de-passe-solide-42", is_staff=True, is_superuser=True
        )
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.fixture
def shared_article(editors, author):
    article = Article.objects.create(
        title="Article partagé", slug="partage", author=author, body="Texte d'origine."
    )
    role = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    return article, role


def waits_on_a_lock():
    """Whether another session of this database is waiting for a lock (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


class SaveGate:
    """Holds each save, just before its row is written, until the other editor's request has
    reached the same point or waits on a lock the first one holds. Without this the race is
    lost only now and then (3 rounds out of 5 in the report); with it, two saves that both
    passed the version check always write both, and a check that locks the row always makes
    the second one wait for the first one's commit."""

    def __init__(self):
        self.arrived = 0
        self.lock = threading.Lock()

    def __call__(self):
        with self.lock:
            self.arrived += 1
        deadline = time.monotonic() + 60  # a guard against a hung test, not a measurement
        while time.monotonic() < deadline:
            with self.lock:
                if self.arrived >= 2:
                    return
            if waits_on_a_lock():
                return
            time.sleep(0.01)
        raise AssertionError("the other save neither reached its write nor waited for a lock")


def gated(monkeypatch, admin_class, gate):
    original = admin_class.save_model

    def save_model(self, request, obj, form, change):
        gate()
        return original(self, request, obj, form, change)

    monkeypatch.setattr(admin_class, "save_model", save_model)


def race(editors, url, changes):
    """Both editors open the form at the same version, then both submit it at once; each
    with their own database connection. Returns [(status, html, data)] per editor."""
    barrier = threading.Barrier(len(editors))
    results = [None] * len(editors)

    def edit(index, client):
        try:
            data = {**opened(client, url), **changes[index]}
            barrier.wait(timeout=60)
            response = client.post(url, data)
            results[index] = (response.status_code, response.content.decode(), data)
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            results[index] = (exc, "", {})
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=edit, args=(i, c)) for i, c in enumerate(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def winner_and_loser(results, conflict_text):
    statuses = sorted(str(status) for status, _, _ in results)
    assert statuses == ["200", "302"], statuses
    winner = next(r for r in results if r[0] == 302)
    loser = next(r for r in results if r[0] == 200)
    assert conflict_text in loser[1]
    return winner, loser


def assert_distinct_versions(history):
    versions = list(history.values_list("version", flat=True))
    assert len(versions) == len(set(versions)), sorted(versions)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_an_article_at_once_one_gets_the_conflict_screen(
    editors, shared_article, monkeypatch
):
    """Opened at the same version, submitted at the same moment: exactly one save (302), the
    other gets « Conflit », the article holds the winner's text, each revision its own
    version; round after round."""
    article, _ = shared_article
    url = f"/admin/articles/article/{article.pk}/change/"
    for round_ in range(ROUNDS):
        gated(monkeypatch, ArticleAdmin, SaveGate())
        bodies = [{"body": f"Version Alice, tour {round_}."},
                  {"body": f"Version Bruno, tour {round_}."}]  # fmt: skip
        results = race(editors, url, bodies)
        monkeypatch.undo()
        winner, loser = winner_and_loser(results, ARTICLE_CONFLICT)
        article.refresh_from_db()
        assert article.body == winner[2]["body"]
        assert loser[2]["body"] in loser[1]  # their text is on the screen, not lost
    assert_distinct_versions(Article.history.filter(id=article.pk))
    assert Article.history.filter(id=article.pk).count() == 1 + ROUNDS


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_a_role_at_once_one_gets_the_conflict_screen(
    editors, shared_article, monkeypatch
):
    """The same on the role's own page."""
    _, role = shared_article
    url = f"/admin/roles/role/{role.pk}/change/"
    for round_ in range(ROUNDS):
        gated(monkeypatch, RoleAdmin, SaveGate())
        nicknames = [{"nickname": f"le guide {round_}"}, {"nickname": f"le coach {round_}"}]
        results = race(editors, url, nicknames)
        monkeypatch.undo()
        winner, loser = winner_and_loser(results, ROLE_CONFLICT)
        role.refresh_from_db()
        assert role.nickname == winner[2]["nickname"]
        assert loser[2]["nickname"] in loser[1]
    assert_distinct_versions(Role.history.filter(id=role.pk))
    assert Role.history.filter(id=role.pk).count() == 1 + ROUNDS


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_taking_an_article_down_while_an_editor_saves_it_loses_neither(
    editors, shared_article, monkeypatch
):
    """« Dépublier » from the list and an editor's save at the same moment: the article ends
    offline, and holds the editor's text unless she got the conflict screen."""
    article, _ = shared_article
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1)
    )
    url = f"/admin/articles/article/{article.pk}/change/"
    gate = SaveGate()
    receiver = lambda **kwargs: gate()  # noqa: E731
    pre_save.connect(receiver, sender=Article, dispatch_uid="gate")
    try:
        editor_data = {**opened(editors[0], url), "body": "Texte revu par Alice."}
        barrier = threading.Barrier(2)
        results = {}

        def post(name, client, target, data):
            try:
                barrier.wait(timeout=60)
                response = client.post(target, data)
                results[name] = (response.status_code, response.content.decode())
            finally:
                connections.close_all()

        action = {"action": "unpublish", "_selected_action": [str(article.pk)], "index": "0"}
        threads = [
            threading.Thread(target=post, args=("editor", editors[0], url, editor_data)),
            threading.Thread(
                target=post, args=("action", editors[1], "/admin/articles/article/", action)
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pre_save.disconnect(receiver, sender=Article, dispatch_uid="gate")
    article.refresh_from_db()
    assert results["action"][0] == 302
    assert article.unpublish_at is not None  # offline, as « Dépublier » said
    if results["editor"][0] == 302:
        assert article.body == "Texte revu par Alice."
    else:
        assert ARTICLE_CONFLICT in results["editor"][1]
    assert_distinct_versions(Article.history.filter(id=article.pk))


@pytest.mark.django_db
def test_a_save_from_a_stale_form_gets_the_conflict_screen(editors, shared_article):
    """One after the other, on any database: the second editor's form, opened at the old
    version, is refused with the conflict screen; the first one's text stays."""
    article, role = shared_article
    for url, field, conflict, row in (
        (f"/admin/articles/article/{article.pk}/change/", "body", ARTICLE_CONFLICT, article),
        (f"/admin/roles/role/{role.pk}/change/", "nickname", ROLE_CONFLICT, role),
    ):
        first, second = (opened(client, url) for client in editors)
        assert editors[0].post(url, {**first, field: "Celle d'Alice"}).status_code == 302
        response = editors[1].post(url, {**second, field: "Celle de Bruno"})
        assert response.status_code == 200 and conflict in response.content.decode()
        row.refresh_from_db()
        assert getattr(row, field) == "Celle d'Alice"
        assert_distinct_versions(type(row).history.filter(id=row.pk))
