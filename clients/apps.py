from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Études de cas"

    def ready(self):
        from articles import admin_french, registry  # the models are ready only now
        from clients import lifecycle, search, sitemaps
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
                # Reader side: its sitemap, its index in the navigation, search results.
                sitemap=sitemaps.CaseStudySitemap,
                index_pages=(("Études de cas", "clients:index"),),
                search_results=search.search_results,
                search_tag_counts=search.search_tag_counts,  # tagged like articles
                result_template="clients/_search_results.html",
                search_noun="des études de cas",
                scheduled=True,  # the page cache follows its publication dates
                # The ids its templates write (no heading of a text takes them).
                page_ids=frozenset(
                    {"livrables", "related-case-studies", "related-articles", "case-study-results"}
                ),
                page_id_prefixes=("filtre-",),
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
        admin_french.declare_nouns({
            "étude de cas": admin_french.FEMININE,
            "périmètre": admin_french.MASCULINE,
            "outil": admin_french.MASCULINE,
            "citation": admin_french.FEMININE,
            "livrable": admin_french.MASCULINE,
        })  # fmt: skip
        lifecycle.connect()  # its version, and the page cache on its labels' changes
