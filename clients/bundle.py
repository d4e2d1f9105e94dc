"""How a case study travels as a file: the case-study kind's `bundle` declaration, which
publishing reads for every top-level kind besides the article (`articles.registry.
bundled_kinds`) and never names.

A case study is one file, `clients/<slug>.md` in the firm's content repository or
`clients/<slug>/index.md` in an export (its images beside it, under `images/`). The import
recognises it by its shape: a `name` and `quotes` or `deliverables`, with or without a
`title`; it is never an article. Its address is its file's stem (`/clients/<stem>/`), never a
slug made from its title. Each step is one method here, publishing lending the tools of its
own step:

- `recognises(document)`, `slug(document)`: whether a file is a case study, and its address;
- `check(document, tools)`: its keys and values, file:line errors in French, before anything
  is written;
- `load(document, slug, existing, files, context, tools)`: the case study, its taxonomies,
  team, tags, quotes and deliverables;
- `files(case_study, tools)`, `exported()`, `authored()`: what an export writes.
"""

from django.db.models import Q
from django.utils.text import slugify

from clients import bundle_fields
from clients.models import CaseStudy


class CaseStudyBundle:
    name = "client"  # `import_markdown --kind client`
    word = "étude de cas"  # as the import's report names one: « étude de cas acme : créé »
    folder = "clients"  # `clients/<slug>/index.md` in an export
    # How `import_markdown --help` tells its files apart.
    shape = "une fiche de cas client (name, et quotes ou deliverables) est une étude de cas"
    keys = bundle_fields.TEXT_KEYS  # read as text by the front matter's reader

    @property
    def model(self):
        return CaseStudy

    def recognises(self, document):
        """A case study's shape: a `name`, and `quotes` or `deliverables` (a `title` or not)."""
        meta = document.meta
        return "name" in meta and ("quotes" in meta or "deliverables" in meta)

    def slug(self, document):
        """The file's stem (a bundle's folder), never the title's slug."""
        path = document.path
        return slugify(path.parent.name if path.name == "index.md" else path.stem)

    def check(self, document, tools):
        bundle_fields.check(document, self.slug(document), tools)

    def load(self, document, slug, existing, files, context, tools):
        return bundle_fields.load(document, slug, existing, files, context, tools)

    def files(self, case_study, tools):
        """({"index.md": its text}, the images it shows)."""
        return bundle_fields.files(case_study, tools)

    def exported(self):
        """Every case study, in the order of their addresses."""
        return (
            CaseStudy.objects.select_related("hero_image")
            .prefetch_related("scopes", "tools", "team", "tags", "quotes", "deliverables")
            .order_by("slug")
        )

    def authored(self):
        """The authors an export's `authors.yml` lists for the case studies: their teams."""
        return Q(case_studies__isnull=False)
