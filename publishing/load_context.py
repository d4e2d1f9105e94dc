"""What one import run knows while it loads its sources (`publishing.load`): the slugs it will
hold, the tags and authors it met, where links to the old site start, the images it stored, the
article being loaded, and what its parts name that it loads later."""

from dataclasses import dataclass, field

from django.utils.text import slugify

from articles.models import Article
from publishing.load_media import MediaMap
from publishing.load_parts import StoredFiles, find_tag, localise_links, name_site_tag
from publishing.read import document_slug
from publishing.relative_links import RelativeLinks, run_pages
from publishing.report import Entry, Report


@dataclass
class LoadContext:
    sources: list
    media: dict
    status: str | None
    report: Report
    known_slugs: set = field(default_factory=set)
    # What a part names that this run loads later (a role's dedicated article): (article slug,
    # document, its key, what to do with the article once in).
    pending: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)  # slug -> Tag, so each tag is looked up once
    site_tags: set = field(default_factory=set)  # slugs of the tags tags.yml created in this run
    authors: dict = field(default_factory=dict)
    legacy_bases: tuple = ()  # where links to the original site's articles start
    media_map: MediaMap = field(default_factory=MediaMap)
    stored: StoredFiles = field(default_factory=StoredFiles)  # image files written by this run
    entry: Entry | None = None  # the article being loaded: its links and images are counted
    site_urls: tuple = ()  # --site-url: where the old site's relative links lead
    relative: RelativeLinks | None = None
    old_slug: str = ""  # the article being loaded, as the old site named it
    publish_anyway: bool = False  # checklist errors do not put the article in draft
    # The kinds taking part in the run, each with what it read (`Kind.import_run`), and the
    # (article, document) pairs loaded so far, for them once every file is in.
    runs: list = field(default_factory=list)
    loaded: list = field(default_factory=list)
    others: list = field(default_factory=list)  # sources of other kinds (publishing.kinds)

    def localise(self, text, document=None, key=None, page=None):
        """`localise_links` for this run, counting the links made internal; for a text of a
        document (`key`: its front-matter key, None for the body; `page`: the address of the
        part it belongs to, when it has one), its relative links that lead nowhere here are
        told, or made links to the old site, first."""
        if document is not None and self.entry is not None:
            text = self.relative.fix(
                text, document, article=self.entry.slug, old_slug=self.old_slug, page=page, key=key
            )
        made = self.entry.links if self.entry is not None else None
        return localise_links(text, self.known_slugs, self.legacy_bases, made)

    def tag_list(self, names):
        """The tags of these names, each once: names that fold to one slug (« Planning &
        organisation », planning-organisation) are one tag, labelled by the first human name."""
        tags = {}
        for name in names:
            slug = slugify(name)
            if slug not in self.tags:
                self.tags[slug] = find_tag(name)
            tag = self.tags[slug]
            human = name.strip()
            if tag.slug in self.site_tags:
                name_site_tag(tag, human)
            # A tag first met as its slug (planning-organisation) takes the first human name
            # met later (« Planning & organisation »); a mere case variant (PLANNING-…) is none.
            if not tag.label and tag.name == tag.slug and human.lower() != tag.slug:
                tag.label = human
                tag.save(update_fields=["label"])
            tags.setdefault(slug, tag)
        return list(tags.values())

    def forget_rows(self):
        """Rows looked up or created by a file whose savepoint was rolled back may be gone:
        the next file looks them up again."""
        self.tags.clear()
        self.authors.clear()

    def __post_init__(self):
        self.known_slugs = set(Article.objects.values_list("slug", flat=True))
        for source in self.sources:
            self.known_slugs.add(document_slug(source.document))
        self.relative = RelativeLinks(
            run_pages(self.sources, self.known_slugs),
            self.site_urls,
            self.known_slugs,
            self.legacy_bases,
        )
