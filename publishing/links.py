"""Find broken internal links, relative links that lead nowhere here, links left pointing at
the original site, and missing images."""

from dataclasses import dataclass

from articles import registry
from articles.links import (
    UNPUBLISHED,
    SitePages,
    broken_links,
    dead_relative_links,
    hrefs,
    image_sources,
    site_path,
)
from articles.markdown import image_ids
from articles.models import Article, ImageAsset
from publishing.load_parts import legacy_bases


@dataclass(frozen=True)
class Problem:
    where: str
    text: str
    line: int | None = None

    def __str__(self):
        return f"{self.where}{f':{self.line}' if self.line else ''} : {self.text}"


def _line_of(source, needle):
    index = (source or "").find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else None


def check_links(site_urls=()):
    """Every problem found in articles and their parts, in a stable order (`site_urls`: the old
    site's addresses besides `LEGACY_BLOG_URLS`, as `import_markdown --site-url` takes them)."""
    bases = legacy_bases(site_urls)
    assets = {str(pk): bool(f) for pk, f in ImageAsset.objects.values_list("pk", "file")}
    pages = SitePages.stored()
    problems = []

    def scan(where, markdown, rendered, page_paths):
        urls = hrefs(rendered)
        # Relative links and images as written (`/media/4`, `../x`), but for the links
        # `broken_links` below checks already (a path of the site's pages).
        images = [url for url in image_sources(rendered) if url in (markdown or "")]
        written = [url for url in urls if url in (markdown or "") and site_path(url) is None]
        for link in dead_relative_links(dict.fromkeys([*written, *images]), page_paths, pages):
            what = "image relative" if link.url in images else "lien relatif vers"
            text = f"{what} {link.url} : aucune page de ce site ({link.reason})"
            problems.append(Problem(where, text, _line_of(markdown, link.url)))
        for link in broken_links(urls):  # the same rule as the pre-publish checklist
            line = _line_of(markdown, link.url)
            if link.reason == UNPUBLISHED:
                problems.append(Problem(where, f"lien vers {link.url}, article non publié", line))
            else:
                problems.append(Problem(where, f"lien cassé vers {link}", line))
        for url in urls:
            for base in bases:
                if url.startswith(base):
                    line = _line_of(markdown, url)
                    problems.append(
                        Problem(where, f"lien vers l'ancien site sans article ici : {url}", line)
                    )
        for asset_id in image_ids(markdown):
            if not assets.get(asset_id):
                state = "sans fichier" if asset_id in assets else "inconnue"
                line = _line_of(markdown, asset_id)
                problems.append(Problem(where, f"image {asset_id} {state}", line))

    for article in Article.objects.order_by("slug").select_related("hero_image"):
        scan(f"{article.slug}", article.body, article.body_html, [article.get_absolute_url()])
        if article.hero_image_id and not article.hero_image.file:
            problems.append(
                Problem(article.slug, f"image principale {article.hero_image_id} sans fichier")
            )
    for kind in registry.kind_of(Article).bundled_parts():
        kind.bundle.check_links(
            scan, lambda where, text: problems.append(Problem(where, text)), bases
        )
    return problems
