from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Études de cas"

    def ready(self):
        from articles import registry  # the models are ready only now
        from clients import lifecycle
        from clients.bundle import CaseStudyBundle

        registry.register(
            registry.Kind(
                "clients.CaseStudy",
                sources=(("body", "body_html"),),
                image_fields=("hero_image",),
                rendered=True,
                url_name="clients:detail",
                searchable=True,
                feeds=True,
                bundle=CaseStudyBundle(),  # import and export (publishing)
            )
        )
        for name in ("Quote", "Deliverable"):
            registry.register(
                registry.Kind(
                    f"clients.{name}",
                    sources=(("text", "html"),),
                    part_of="clients.CaseStudy",
                    whole_field="case_study",
                )
            )
        lifecycle.connect()  # the case study's version moves on with its items (admin)
