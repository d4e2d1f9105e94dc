from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Rôles"

    def ready(self):
        from articles import registry  # the models are ready only now
        from roles.bundle import RoleBundle

        registry.register(
            registry.Kind(
                "roles.Role",
                sources=(("intro", "intro_html"),),
                image_fields=("image",),
                part_of="articles.Article",
                bundle=RoleBundle(),  # import and export (publishing)
                whole_field="article",
                rendered=True,
                url_name="articles:role",
                searchable=True,
            )
        )
        for name in ("Mission", "BackgroundItem", "AlternativeTitle"):
            model = f"roles.{name}"
            source = ("note", "note_html") if name == "AlternativeTitle" else ("text", "html")
            registry.register(
                registry.Kind(model, sources=(source,), part_of="roles.Role", whole_field="role")
            )
