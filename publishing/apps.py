from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Import et export"

    def ready(self):
        from articles.admin import extensions  # the admin is loaded only now
        from publishing.admin import ImportExport

        extensions.register(ImportExport())
