from django.apps import AppConfig


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = "Séries"

    def ready(self):
        from articles import registry  # the models are ready only now
        from series.bundle import SeriesRun

        registry.register(
            registry.Kind(
                "series.Series",
                image_fields=("image",),
                feeds=True,
                import_run=SeriesRun(),  # import and export (publishing)
            )
        )
