"""The search index follows every way content is written (saves, bulk loads, updates, deletes,
rolled-back transactions), survives migrations, and pages of results keep one order."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article
from articles.search import fold

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's FTS5 index (PostgreSQL: stored vectors)"
)
BEFORE_THE_INDEX = ("articles", "0021_roles_leave_for_their_app")


def found(client, q, page=None):
    params = {"q": q, **({"page": page} if page else {})}
    html = client.get("/blog/recherche/", params).content.decode()
    return re.findall(r'class="card__title"><a href="/blog/([^/]+)/"', html)


def bulk_article(author, slug, title, text):
    """A row as bulk loaders write it (bench/bigdb.py, an import's bulk_create): folded
    columns filled by hand, no save()."""
    (article,) = Article.objects.bulk_create(
        [
            Article(
                title=title, slug=slug, author=author, body=text, body_html=f"<p>{text}</p>",
                status=Article.Status.PUBLISHED, published_at=timezone.now(),
                search_title=fold(title), search_text=fold(text),
            )
        ]
    )  # fmt: skip
    return article


@sqlite_only
def test_rows_written_in_bulk_updated_or_deleted_are_searched_as_they_stand(client, author):
    """Whatever writes the folded columns (bulk_create, update(), delete), search follows."""
    article = bulk_article(author, "en-vrac", "Chargé en vrac", "Les prévisions du trimestre.")
    assert found(client, "previsions") == ["en-vrac"]
    Article.objects.filter(pk=article.pk).update(search_text=fold("Le pipeline des ventes."))
    assert found(client, "previsions") == []
    assert found(client, "pipeline") == ["en-vrac"]
    Article.objects.filter(pk=article.pk).delete()
    assert found(client, "pipeline") == []


@sqlite_only
def test_a_rolled_back_change_leaves_the_index_as_it_was(client, author):
    """The index is written in the same transaction as the row: a rollback undoes both."""
    article = bulk_article(author, "stable", "Stable", "Les prévisions du trimestre.")
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(search_text=fold("Le pipeline."))
        raise RuntimeError
    assert found(client, "previsions") == ["stable"]
    assert found(client, "pipeline") == []


def test_words_match_from_their_start_whatever_the_accents(client, make_article):
    """« previs » and « prévision » find « Prévisions »; a word's middle (« vision ») does not:
    the index holds words, as PostgreSQL's does."""
    make_article("Prévisions trimestrielles", slug="previsions", body="Un texte.")
    assert found(client, "prévision") == ["previsions"]
    if connection.vendor == "sqlite":  # PostgreSQL stems whole words instead of prefixes
        assert found(client, "previs") == ["previsions"]
        assert found(client, "trimestr") == ["previsions"]
    assert found(client, "vision") == []


WORD_WITH_SYNTAX = ['"role"', "role*", "(role", "^role", "role:", "+role", "{role}"]
SYNTAX_ALONE = ['"', "-- ''", "{a}", "*", ":", "NEAR(", "role NOT", "col:role"]


@pytest.mark.parametrize("q", WORD_WITH_SYNTAX + SYNTAX_ALONE)
def test_the_index_query_language_is_never_the_readers(client, make_article, q):
    """Quotes, stars, NEAR, NOT, column filters typed by a reader are words like any other
    (each must be found) or nothing, never an error."""
    make_article("Le rôle du manager", slug="role", body="Un texte.")
    response = client.get("/blog/recherche/", {"q": q})
    assert response.status_code == 200
    assert found(client, q) == (["role"] if q in WORD_WITH_SYNTAX else [])


def test_pages_of_results_keep_titles_first_then_the_newest(client, make_article, settings):
    """Each page is read on its own: page 2 continues where page 1 stopped."""
    settings.ARTICLES_PER_PAGE = 2
    for n, days in ((1, 5), (2, 4), (3, 3)):
        make_article(f"Pipeline {n}", slug=f"titre-{n}", body="Un texte.", days_ago=days)
    for n, days in ((1, 2), (2, 1)):
        make_article(f"Autre {n}", slug=f"corps-{n}", body="Le pipeline.", days_ago=days)
    pages = [found(client, "pipeline", page) for page in (1, 2, 3)]
    assert pages == [["titre-3", "titre-2"], ["titre-1", "corps-2"], ["corps-1"]]


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_with_content_makes_it_searchable(client, make_article):
    """The index migration, run on a blog that already has articles, finds them."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_THE_INDEX])
    try:
        make_article("Prévisions trimestrielles", slug="deja-la", body="Un texte déjà là.")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert found(client, "previsions") == ["deja-la"]
    assert found(client, "deja") == ["deja-la"]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_migrate_puts_back_what_a_rebuilt_table_lost(client, author):
    """Django's SQLite schema editor rebuilds a table to alter a column, dropping its triggers:
    the next `migrate` puts them back and fills the index from the table."""
    for name in ("insert", "delete", "update"):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TRIGGER "articles_article_fts_{name}"')
    bulk_article(author, "sans-index", "Écrit sans index", "Les prévisions du trimestre.")
    assert found(client, "previsions") == []  # what the lost triggers did not see
    call_command("migrate", verbosity=0)
    assert found(client, "previsions") == ["sans-index"]


@sqlite_only
def test_reindex_refills_the_index(client, make_article):
    """`manage.py reindex` (after a restore) refills the index from the folded columns."""
    make_article("Prévisions trimestrielles", slug="previsions", body="Un texte.")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('delete-all')"
        )
    assert found(client, "previsions") == []
    call_command("reindex", stdout=io.StringIO())
    assert found(client, "prévisions") == ["previsions"]
