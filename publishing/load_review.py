"""What an import tells before it publishes, article by article, once every file is in (links
between the files of one run resolve): the images readers will not see (no file in the
library, or not brought home), the images still fetched from another site, the links to other
sites (the old site's among them), the internal links that lead nowhere, and the checklist's
findings.

An article the checklist finds errors in does not go online through an import: it comes in as a
draft, unless the operator asked to publish anyway (`import_markdown --publish-anyway`, the
admin's « Publier malgré tout »). An article already published in the database before this run
is never taken offline by it: the report says it stays online with errors to fix (the same rule
as the admin's, `articles.checklist.blocks_publishing`).
"""

from urllib.parse import urlsplit

from django.conf import settings

from articles import registry
from articles.checklist import Batch, check_article, file_missing, findings, image_name
from articles.links import (
    SitePages,
    broken_links_of,
    dead_relative_links,
    hrefs,
    image_sources,
)
from articles.models import Article
from publishing.batches import note_rows
from publishing.report import DRAFTED, KEPT_ONLINE, PUBLISHED_ANYWAY


def review(report, *, publish_anyway=False, media_map=None, bases=()):
    """Fill each entry's findings and lists, and put in draft what must not go online."""
    slugs = [entry.slug for entry in report.entries if not entry.kind]
    parts = [kind.bundle for kind in registry.kind_of(Article).bundled_parts()]
    query = Article.objects.filter(slug__in=slugs).prefetch_related(
        "tags", *[lookup for bundle in parts for lookup in bundle.review_prefetch]
    )
    articles = {article.slug: article for article in query}
    batch = Batch(list(articles.values()))
    pages = SitePages.stored()
    # Every text's links checked at once: a few queries for the whole run, not per text.
    broken = broken_links_of(
        {slug: ([u for html, _ in texts_of(a) for u in hrefs(html)], slug)
         for slug, a in articles.items()}
    )  # fmt: skip
    for entry in report.entries:
        article = None if entry.kind else articles.get(entry.slug)
        if article is None:
            continue
        entry.findings = findings(check_article(article, tags=article.tags.all(), batch=batch))
        look_at(entry, article, batch, pages, media_map, bases, broken[entry.slug])
        decide(entry, article, publish_anyway)


def texts_of(article):
    """(rendered HTML, the pages that show it) of the article and each of its parts."""
    yield article.body_html, [article.get_absolute_url()]
    for kind in registry.kind_of(Article).bundled_parts():
        yield from kind.bundle.texts(article)


def is_external(url):
    """An address on another site (http, https or `//host/…`), not on SITE_URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", ""} or not parts.netloc:
        return False
    return parts.netloc.lower() != urlsplit(settings.SITE_URL).netloc.lower()


def look_at(entry, article, batch, pages, media_map, bases, broken_internal):
    """The entry's images readers will not see, external images and links, broken links."""
    missing, external, links = {}, {}, {}
    broken = {link.url: str(link) for link in broken_internal}
    for image_id in sorted(batch.shown[article.pk]):
        asset = batch.assets.get(image_id)
        # The row's file, not a storage request per image (thousands on a bucket for a big
        # migration); the article's change form asks the storage.
        if file_missing(asset):
            state = "aucune image de ce nom" if asset is None else "pas de fichier"
            missing[image_id] = f"« {image_name(image_id, asset)} » ({image_id}) : {state}"
    if article.hero_image_url and not article.hero_image_id:
        external[article.hero_image_url] = f"{article.hero_image_url} (image principale)"
    for html, shown_on in texts_of(article):
        sources = image_sources(html)
        for link in dead_relative_links(sources, shown_on, pages):
            missing[link.url] = f"{link.url} : aucun fichier de ce site ({link.reason})"
        for url in sources:
            if not is_external(url):
                continue
            if media_map and media_map.local_file(url) is not None:
                missing[url] = f"{url} : non rapatriée (fichier introuvable ou refusé)"
            else:
                external.setdefault(url, url)
        urls = hrefs(html)
        for url in urls:
            if is_external(url):
                old = any(url.startswith(base) for base in bases)
                links[url] = f"{url} (ancien site, article absent ici)" if old else url
        for link in dead_relative_links(
            [u for u in urls if not is_external(u) and u not in broken], shown_on, pages
        ):
            broken.setdefault(link.url, str(link))
    for kind in registry.kind_of(Article).bundled_parts():
        # A link a part's page shows besides its texts (a role's « article dédié »).
        for url, where in kind.bundle.review_links(article):
            if is_external(url):
                old = any(url.startswith(base) for base in bases)
                note = " (ancien site, article absent ici)" if old else ""
                links.setdefault(url, f"{url}{note}{where}")
    entry.missing_images = list(missing.values())
    entry.external_images = list(external.values())
    entry.external_links = list(links.values())
    entry.broken_links = list(broken.values())


def decide(entry, article, publish_anyway):
    """Put in draft an article the checklist finds errors in, that this run would put online."""
    if not entry.review_errors or article.status != Article.Status.PUBLISHED:
        return
    if entry.stored_status == Article.Status.PUBLISHED:
        entry.verdict = KEPT_ONLINE
    elif publish_anyway:
        entry.verdict = PUBLISHED_ANYWAY
    else:
        rows = Article.objects.filter(pk=article.pk)
        note_rows(rows)  # a failed or undone run puts back what was there
        rows.update(status=Article.Status.DRAFT)  # updated_at kept: a second run is unchanged
        revision = Article.history.filter(id=article.pk).order_by("-history_date").first()
        if revision is not None:  # the revision this run wrote says what the row holds
            type(revision).objects.filter(pk=revision.pk).update(status=Article.Status.DRAFT)
        entry.verdict = DRAFTED
