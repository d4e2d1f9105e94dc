"""Query counts are fixed: they do not grow with the number of roles, tags or images."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

pytestmark = pytest.mark.django_db

# Pinned counts for an anonymous reader: (first request, once shared fragments such as the
# tag navigation and related articles are cached for the current content).
LIST_QUERIES = (6, 2)  # tag counts, their tags, next schedule, count, then page, page's tags
# The tag navigation follows the filter: counted per filter (and naming the selected tags).
TAG_PAGE_QUERIES = (6, 3)  # the tag, (tag counts under the filter, their tags, count), page, tags
ARTICLE_QUERIES = (7, 3)  # article, tags, roles + related: taggings, dates, cards, their tags
ROLE_QUERIES = (6, 6)  # role (article, author, image), siblings, missions, background, titles, tags
# The search's tag navigation counts its results: (tag counts among the articles and among the
# case studies found, their tags, count), page, page's tags, the page's texts (for the
# extracts), matching roles, matching case studies.
SEARCH_QUERIES = (9, 5)
ROLE_INDEX_QUERIES = (3, 0)  # ranked ids, totals per title, roles with article and image
AUTHOR_QUERIES = (4, 3)  # author, (count), page of articles, their tags


def build(make_article, make_tag, make_asset, size):
    tags = [make_tag(f"tag-{size}-{n}") for n in range(size)]
    articles = []
    for number in range(size):
        body = "\n\n".join(f"![Figure {i}]({make_asset().pk})" for i in range(size))
        article = make_article(slug=f"a-{size}-{number}", body=body, tags=tags)
        for r in range(size):
            role = Role.objects.create(
                article=article, order=r, title=f"Rôle {r}", slug=f"role-{r}", image=make_asset()
            )
            role.tags.set(tags)
            for i in range(size):
                Mission.objects.create(role=role, position=i, text=f"Mission {i}")
                BackgroundItem.objects.create(role=role, text=f"Expérience {i}")
                AlternativeTitle.objects.create(role=role, position=i, title=f"Titre {i}")
        articles.append(article)
    return articles, tags


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [2, 6])
def test_page_query_counts_do_not_grow(client, make_article, make_tag, make_asset, size):
    """Two or six articles, roles, tags, images and missions: the same number of queries."""
    articles, tags = build(make_article, make_tag, make_asset, size)
    article = articles[0]
    pages = {
        "/blog/": LIST_QUERIES,
        f"/blog/tag/{tags[0].slug}/": TAG_PAGE_QUERIES,
        article.get_absolute_url(): ARTICLE_QUERIES,
        article.roles.last().get_absolute_url(): ROLE_QUERIES,
        f"/blog/recherche/?q=article&tag={tags[0].slug}": SEARCH_QUERIES,
        "/blog/roles/": ROLE_INDEX_QUERIES,
        "/blog/auteur/camille-martin/": AUTHOR_QUERIES,
    }
    measured = {url: (count(client, url), count(client, url)) for url in pages}
    assert measured == pages
