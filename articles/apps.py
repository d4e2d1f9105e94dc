from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import (  # noqa: F401 (connect signal receivers, register lookups)
            receivers,
            search,
        )
