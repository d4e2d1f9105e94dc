from django.apps import AppConfig

from revops_site import checks  # noqa: F401 (registers the site's system checks)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import (
            http_cache,
            lifecycle,
            registry,
            sitemaps,
        )  # the models are ready only now

        registry.register(
            registry.Kind(
                "articles.Article",
                sources=(("body", "body_html"),),
                image_fields=("hero_image",),
                rendered=True,
                url_name="articles:detail",
                searchable=True,
                feeds=True,
                sitemap=sitemaps.ArticleSitemap,
                scheduled=True,
            )
        )
        lifecycle.connect()
        http_cache.connect()
