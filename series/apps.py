from django.apps import AppConfig


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = "Séries"

    def ready(self):
        from articles import admin_french, registry  # the models are ready only now
        from series import parts, sitemaps
        from series.bundle import SeriesRun

        registry.register(
            registry.Kind(
                "series.Series",
                image_fields=("image",),
                feeds=True,
                import_run=SeriesRun(),  # import and export (publishing)
                url_name="series:detail",
                sitemap=sitemaps.SeriesSitemap,
                # Reader side: its pages under /series/ (the index in the site's navigation and
                # the sitemap), the blog list's « Podcasts » chip.
                urls="series.urls",
                url_prefix="series/",
                index_pages=(("Séries", "series:index"),),
                list_filters=(parts.PODCASTS,),
                page_ids=frozenset({"series-parts"}),
            )
        )
        registry.register(
            registry.Kind(
                "series.SeriesEntry",
                part_of="articles.Article",
                whole_field="article",
                # Reader side: its place on the article's page, after the text, and its JSON-LD.
                context_name="series_entry",
                page_related=("series",),
                article_include="series/_article_part.html",
                page_ids=frozenset({"series-nav-title"}),
                json_ld=parts.json_ld,
            )
        )
        admin_french.declare_nouns(
            {"série": admin_french.FEMININE, "article de la série": admin_french.MASCULINE}
        )
