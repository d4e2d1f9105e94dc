from django.apps import AppConfig

from revops_site import checks  # noqa: F401 (registers the site's system checks)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import lifecycle, registry, sitemaps  # the models are ready only now
        from articles.search import fts

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
        # SQLite: every searchable type's FTS5 index and its triggers, whatever a migration
        # rebuilt (see articles.search.fts).
        post_migrate.connect(fts.after_migrate, sender=self)
