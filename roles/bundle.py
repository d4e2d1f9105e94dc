"""How an article's roles travel in its bundle: the role kind's `bundle` declaration, which
publishing reads for every part kind (`articles.registry.Kind.bundle`) and never names.

A bundle holds `roles/NN-<slug>.md` beside `index.md`, one file per role in the article's
order; a long file shaped like the seed is split into its roles (`roles.split`). Each step is
one method here, publishing lending the tools of its own step (checks, load, write):

- `split(document)`: (the whole's body, the part documents) of a long file;
- `check(documents, tools)`: the documents' keys and values, before anything is written;
- `load(whole, documents, files, context, tools, existed)`, then `record(loaded, existed,
  tools)` once the whole has its revision;
- `files(whole, tools)`: the files of an export, and the images they show;
- `texts(whole)`, `review_links(whole)`, `check_links(...)`: what the import's review and the
  link check read.
"""

from django.utils.text import slugify

from roles import bundle_check, bundle_load, bundle_write
from roles.models import Role
from roles.schema import ROLE_KEYS
from roles.split import split_roles


class RoleBundle:
    folder = bundle_write.FOLDER  # `roles/` in a bundle
    keys = ROLE_KEYS
    word = "rôle"  # as the import's report names one: « rôle coach : créé »
    # An `image` a part's file names must be one of ours: without its file, the part has none.
    without_image = "le rôle reste sans image"
    # What the review of an import reads of an article's roles, fetched with the articles.
    review_prefetch = ("roles__missions", "roles__background", "roles__alternative_titles")

    @property
    def model(self):
        return Role

    def slug(self, document):
        """The part's slug as its file gives it."""
        return slugify(document.text("slug") or document.text("title"))

    def split(self, document):
        return split_roles(document)

    def check(self, documents, tools):
        bundle_check.check_roles(documents, tools)

    def load(self, whole, documents, files, context, tools, existed):
        return bundle_load.load_roles(whole, documents, files, context, tools, existed)

    def record(self, loaded, existed, tools):
        bundle_load.record_roles(loaded, existed, tools)

    def edited_since(self, whole, moment):
        """True when an editor saved one of the whole's roles after `moment`."""
        return whole.roles.filter(updated_at__gt=moment).exists()

    def files(self, whole, tools):
        return bundle_write.role_files(whole, tools)

    def tagged_with(self, wholes):
        return bundle_write.tagged_with(wholes)

    def texts(self, whole):
        """(rendered HTML, the pages that show it) of each role of `whole` and its lists."""
        for role in whole.roles.all():
            shown_on = [whole.get_absolute_url(), role.get_absolute_url()]
            yield role.intro_html, shown_on
            for item in [*role.missions.all(), *role.background.all()]:
                yield item.html, shown_on
            for alternative in role.alternative_titles.all():
                yield alternative.note_html, shown_on

    def review_links(self, whole):
        """(address, what follows it in the report) of the links a role's page shows besides
        its texts: its « article dédié » elsewhere."""
        for role in whole.roles.all():
            if role.dedicated_url:
                yield role.dedicated_url, f" — rôle {role.slug}"

    def check_links(self, scan, problem, bases):
        """The link check of every role (`publishing.links.check_links`): `scan(where,
        markdown, html, pages)` each text, `problem(where, text)` what only a role has."""
        roles = Role.objects.select_related("article", "image").prefetch_related(
            "missions", "background", "alternative_titles"
        )
        for role in roles.order_by("article__slug", "order"):
            where = f"{role.article.slug}/{role.slug}"
            shown_on = [role.article.get_absolute_url(), role.get_absolute_url()]
            scan(where, role.intro, role.intro_html, shown_on)
            for item in [*role.missions.all(), *role.background.all()]:
                scan(where, item.text, item.html, shown_on)
            for alternative in role.alternative_titles.all():
                scan(where, alternative.note, alternative.note_html, shown_on)
            if role.image_id and not role.image.file:
                problem(where, f"image du rôle {role.image_id} sans fichier")
            if role.dedicated_url:
                for base in bases:
                    if role.dedicated_url.startswith(base):
                        problem(where, f"article dédié sur l'ancien site : {role.dedicated_url}")
