from django.apps import AppConfig

from revops_site import checks  # noqa: F401 (registers the site's system checks)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import lifecycle  # the models are ready only now

        lifecycle.connect()
