from django.apps import AppConfig

from revops_site import checks  # noqa: F401 (registers the site's system checks)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import (
            http_cache,
            lifecycle,
            registry,
            sitemaps,
        )  # the models are ready only now
        from articles.search import upkeep

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
        # What search needs of the database, for every searchable type, whatever a migration
        # rebuilt (SQLite's FTS5 index and triggers; PostgreSQL's vectors kept in the row).
        post_migrate.connect(upkeep.after_migrate, sender=self)
