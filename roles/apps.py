from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Rôles"

    def ready(self):
        from articles import admin_french, registry  # the models are ready only now
        from roles import body, lifecycle, parts, search, sitemaps, views
        from roles.bundle import RoleBundle

        registry.register(
            registry.Kind(
                "roles.Role",
                admin_search_fields=("search_title", "search_text"),  # the article list's search
                sources=(("intro", "intro_html"),),
                image_fields=("image",),
                part_of="articles.Article",
                bundle=RoleBundle(),  # import and export (publishing)
                whole_field="article",
                rendered=True,
                url_name="roles:detail",
                searchable=True,
                # Core: where the article's body shows its roles, and the editor's preview.
                slot=parts.SLOT,
                slot_preview=parts.SLOT_PREVIEW,
                preview_markers=body.preview_slots,
                sitemap=sitemaps.RoleSitemap,
                # Reader side: its pages, its place on the article's page, search, links.
                urls="roles.urls",
                whole_url_kwarg="article_slug",
                shared_preview_url_name="roles:shared_preview",
                index_pages=(("Les rôles", "roles:index"),),
                unknown_link="rôle inconnu",
                context_name="roles",
                page_rows=views.article_rows,
                article_include="roles/_article_section.html",
                toc_include="roles/_toc_entry.html",
                section_heading_slug="les-roles",
                page_ids=frozenset(
                    {"roles-title", "role-results", "missions", "parcours", "iterations"}
                ),
                page_id_prefixes=("role-",),
                search_results=search.search_results,
                result_template="roles/_search_results.html",
                search_noun="des rôles",
            )
        )
        for name in ("Mission", "BackgroundItem", "AlternativeTitle"):
            model = f"roles.{name}"
            source = ("note", "note_html") if name == "AlternativeTitle" else ("text", "html")
            registry.register(
                registry.Kind(model, sources=(source,), part_of="roles.Role", whole_field="role")
            )
        admin_french.declare_nouns({
            "rôle": admin_french.MASCULINE,
            "mission principale": admin_french.FEMININE,
            "élément du parcours type": admin_french.MASCULINE,
            "autre intitulé": admin_french.MASCULINE,
            "tag de rôle": admin_french.MASCULINE,
        })  # fmt: skip
        lifecycle.connect()
