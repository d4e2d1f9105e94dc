"""Query counts are fixed: they do not grow with the number of roles, tags or images."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import CaseStudy, Deliverable, Quote, Scope, Tool
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role
from series.models import Series, SeriesEntry

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
# extracts); for articles, roles and case studies alike, the title matches' ids, the others'
# (when the title matches do not fill the slice), then the slice's rows; on SQLite, first, how
# many rows match in the index (one query: it chooses between walking the date index and
# sorting the matches).
SEARCH_QUERIES = (12, 8) if connection.vendor == "postgresql" else (15, 11)
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


# Issue 21's pages, cold (nothing cached, not even shared fragments) and once those are cached:
# the same however many scopes, tools, tags, quotes, deliverables, episodes or related pages.
# A case study (hero), its scopes, tools, tags, quotes and deliverables, the next schedule,
# related case studies, related articles and their tags; then the last four are shared.
CASE_STUDY_QUERIES = (10, 6)
# An article page's own (ARTICLE_QUERIES: its place and series joined to the article's query),
# plus the series' published parts.
EPISODE_QUERIES = (9, 4)
MAX_COLD_QUERIES = 12  # issue 21: a case-study page and an episode page


def build_issue_21(make_article, make_tag, size):
    tags = [make_tag(f"t21-{size}-{n}") for n in range(size)]
    case_studies = []
    for number in range(size):
        case_study = CaseStudy.objects.create(
            name=f"Client {number}", slug=f"client-{size}-{number}", title="Une mission",
            status=CaseStudy.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1),
            body="## La mission\n\nTrois phases.",
        )  # fmt: skip
        case_study.scopes.set([Scope.objects.create(name=f"S{size}-{number}-{n}",
                                                    slug=f"s{size}-{number}-{n}")
                               for n in range(size)])  # fmt: skip
        case_study.tools.set([Tool.objects.create(name=f"O{size}-{number}-{n}",
                                                  slug=f"o{size}-{number}-{n}")
                              for n in range(size)])  # fmt: skip
        case_study.tags.set(tags)
        for position in range(size):
            Quote.objects.create(case_study=case_study, position=position, text="Bien.")
            Deliverable.objects.create(case_study=case_study, position=position, text="Un outil")
        case_studies.append(case_study)
    series = Series.objects.create(title="Podcast", slug=f"podcast-{size}", kind="podcast")
    episodes = []
    for number in range(size + 1):
        episode = make_article(slug=f"ep-{size}-{number}", tags=tags)
        SeriesEntry.objects.create(series=series, article=episode, position=number)
        episodes.append(episode)
    return case_studies[0], episodes[1]


@pytest.mark.parametrize("size", [2, 6])
def test_case_study_and_episode_pages_stay_within_twelve_queries(
    client, make_article, make_tag, size
):
    """Two or six scopes, tools, tags, quotes, deliverables and episodes: the same number of
    queries, twelve at most with nothing cached."""
    case_study, episode = build_issue_21(make_article, make_tag, size)
    pages = {
        case_study.get_absolute_url(): CASE_STUDY_QUERIES,
        episode.get_absolute_url(): EPISODE_QUERIES,
    }
    measured = {}
    for url in pages:
        caches["default"].clear()  # cold: no shared fragment either
        measured[url] = (count(client, url), count(client, url))
    assert measured == pages
    assert max(cold for cold, _ in measured.values()) <= MAX_COLD_QUERIES
