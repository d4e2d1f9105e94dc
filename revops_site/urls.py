"""URL configuration: the blog under /blog/, the admin, and the editor's endpoints."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path, reverse
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

from articles import editor, registry
from articles import views as article_views
from articles.cache import cacheable
from articles.sitemaps import sitemaps
from clients import urls as client_urls
from revops_site.health import healthz
from revops_site.login import LoginForm
from revops_site.media import media
from revops_site.site_url import absolute

ADMIN_URL = settings.ADMIN_URL

admin.site.site_header = "Administration du blog"
admin.site.site_title = "Blog RevOps"
admin.site.index_title = "Contenu du blog"
admin.site.login_form = LoginForm

SITEMAPS = sitemaps()


@cacheable
@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /" + ADMIN_URL,
        f"Disallow: {reverse('articles:search')}",
        f"Sitemap: {absolute(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico wherever a page names no icon (a feed, an image, an old
    bookmark): sent to the static file, fingerprinted, which its own headers cache for long. Not
    permanent: the fingerprint changes with the icon."""
    response = HttpResponseRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


# A locked database is « réessayez » (503), never the server-error page (revops_site.busy).
handler500 = "revops_site.busy.server_error"

urlpatterns = [
    path("", article_views.home, name="home"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", cacheable(sitemap, query=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"),
    # Roles are an app of their own again: editors' bookmarks of the role pages (from when
    # they lived in articles: the list, with its filters, and each page) still lead to them.
    *(
        path(
            f"{ADMIN_URL}articles/{name}/{rest}",
            RedirectView.as_view(
                url=f"/{ADMIN_URL}roles/{name}/{target}", permanent=True, query_string=True
            ),
        )
        for name in ("role", "mission", "backgrounditem", "alternativetitle", "taggedrole")
        for rest, target in (("", ""), ("<path:rest>", "%(rest)s"))
    ),
    path(ADMIN_URL, admin.site.urls),
    path(
        settings.MARKDOWNX_URLS_PATH.lstrip("/"),
        editor.markdown_preview,
        name="markdownx_markdownify",
    ),
    path(
        settings.MARKDOWNX_UPLOAD_URLS_PATH.lstrip("/"),
        editor.image_upload,
        name="markdownx_upload",
    ),
    path("admin-markdown/partage/", editor.share_preview, name="share_preview"),
    path("blog/", include("articles.urls")),
    # Each content type with pages of its own (the role pages) answers beside the articles.
    *(
        path(kind.url_prefix or "blog/", include(kind.urls))
        for kind in registry.kinds()
        if kind.urls
    ),
    path("clients/", include("clients.urls")),
    *client_urls.OLD_ADDRESSES,  # /stories/<slug>, /testimonial/<slug>: 301 to the case study
]

if settings.SERVE_MEDIA:
    # Images only, with their own type (revops_site.media): never an HTML page or a script.
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media))

if os.environ.get("BENCH_BARE_FILE"):
    # Benchmarks only: a bare view returning the article page's bytes, through the same
    # middleware, as the ceiling the real pages are compared with.
    _bare = Path(os.environ["BENCH_BARE_FILE"]).read_bytes()

    def bench_bare(request):
        return HttpResponse(_bare, content_type="text/html; charset=utf-8")

    urlpatterns.append(path("bench/bare/", bench_bare))
