"""Posts made by other tools (Hugo, Jekyll, Astro, Eleventy, Gatsby, Docusaurus), read as ours.

A step of the run between reading the files and checking them: each post's front matter is
mapped to our keys (`feature_image` → `image`, `categories` → `tags`, `authors: [id]` →
`author`, `published: false` → `draft`, `pubDate` → `date`…), its old addresses kept
(`publishing.foreign_addresses`), its shortcodes converted (`publishing.shortcodes`), its local
images brought home (`publishing.foreign_images`). What was mapped from what is noted per file
(`Entry.mapped`, « repris d'un autre outil »), and the keys nobody knows, kept as they are
(they travel with the article and its export), are listed once per key. A file in our own
format goes through unchanged.
"""

import datetime as dt
import re
from pathlib import Path

from dateutil import parser as date_parser
from django.urls import NoReverseMatch, reverse

from articles import schema
from articles.markdoc import markdoc_problems
from publishing.errors import ContentError, Message
from publishing.foreign_addresses import DATED_NAME_RE, file_name, old_addresses
from publishing.foreign_authors import ForeignAuthors, map_authors, read_authors
from publishing.foreign_images import LocalImages, bring_local_images
from publishing.foreign_site import ForeignSite, detect
from publishing.keys import article_keys
from publishing.read import document_slug
from publishing.shortcodes import convert

DATE_KEYS = ("date", "pubDate", "publishDate", "published_at", "created")
KEPT_KEYS = {"lastmod", "updated", "updatedDate", "last_modified_at", "modified"}
ADDRESS_KEYS = {"url", "permalink", "aliases", "redirect_from"}  # kept, and made redirects
HUGO_LIST_PAGE = "_index.md"
# `Jul 08 2022`, `July 8, 2022`: a month written in English words, as Astro's examples write it
MONTH_NAME_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s", re.IGNORECASE
)


class ForeignRun:
    """The sites of one run's folders, their authors and local images."""

    def __init__(self, roots, paths, permalink="", static_dir=None):
        self.sites = []
        for root in roots or [Path(p).parent for p in paths]:
            site = detect(root, permalink, static_dir)
            # An archive of a site's folder: the configuration is one level down.
            inside = [] if site.tool else [d for d in sorted(Path(root).iterdir()) if d.is_dir()]
            found = []
            for folder in inside:
                candidate = detect(folder, permalink, static_dir)
                if candidate.tool and candidate.root == folder.resolve():
                    found.append(candidate)
            self.sites += found or [site]
        allowed = [
            *roots,
            *(Path(p).parent for p in paths),
            *(s.root for s in self.sites if s.root),
        ]
        statics = [d for site in self.sites for d in site.static_dirs]
        if static_dir:
            if not Path(static_dir).is_dir():
                raise ContentError("--static-dir", f"dossier introuvable : {static_dir}.")
            allowed.append(Path(static_dir))
        self.images = LocalImages(allowed, statics)
        self.authors = ForeignAuthors()
        for site in self.sites:
            self.authors.authors.update(read_authors(site, roots).authors)
        self.unknown = {}  # key -> files, in the order met

    def site(self, path):
        resolved = Path(path).resolve()
        for site in self.sites:
            if site.root is not None and resolved.is_relative_to(site.root):
                return site
        return self.sites[0] if self.sites else ForeignSite()

    def select(self, bundles, singles, report):
        """The bundles and files that are posts: a tool's list pages (`_index.md`) are noted
        and left out, and so is what lives beside a blog's posts (README.md, themes…)."""
        kept = []
        for path in singles:
            if path.name == HUGO_LIST_PAGE:
                report.notes.append(
                    Message(
                        str(path),
                        "page de liste Hugo (_index.md) : ce n'est pas un article, ignorée.",
                    )
                )
            elif self.site(path).wants(path):
                kept.append(path)
        return [b for b in bundles if self.site(b).wants(b / "index.md")], kept

    def adapt(self, sources, report):
        """Map every source (front matter and addresses first, so that links between posts
        find their slugs, then bodies and images); a source refused is left out, said in the
        report."""
        adapted = []
        for source in sources:
            site = self.site(source.path)
            document = source.document
            try:
                document.mapped += map_front_matter(document, site)
                document.mapped += old_addresses(document, site)
            except ContentError as exc:
                report.skip(source.path, exc.message)
                continue
            adapted.append(source)
        index = link_index(adapted)
        for source in adapted:
            self.adapt_body(source, index)
        used = {str(s.document.meta.get("author") or "") for s in adapted}
        self.authors.authors = {k: v for k, v in self.authors.authors.items() if k in used}
        return adapted

    def adapt_body(self, source, index):
        document = source.document
        before = document.body
        body, converter = convert(document, lambda target: find_link(index, target))
        document.body = body
        for line, text in converter.warnings:
            document.warn(text, line=line)
        document.mapped += converter.mapped
        source.foreign_images = bring_local_images(
            source, self.images, converter.captions, self.site(source.path).tool
        )
        if document.body != before:
            refresh_markdoc_warnings(document, before)
        for key in document.meta:
            if schema.lookup(key, article_keys()) is None and key not in KEPT_KEYS:
                self.unknown.setdefault(key, []).append(str(document.path))
        document.mapped = list(dict.fromkeys(document.mapped))


def parse_date(document, key, value):
    """A date another tool wrote (`Jul 08 2022`, `2022-07-08 10:00:00 +0200`) as ISO text."""
    if not isinstance(value, str) or not value.strip():
        return value
    try:
        dt.datetime.fromisoformat(value.strip())
        return value.strip()
    except ValueError:
        pass
    if not MONTH_NAME_RE.search(value):
        return value  # `17/11/2025`: which is the day? The checks say so, with its line
    try:
        parsed = date_parser.parse(value)
    except (ValueError, OverflowError):
        return value  # the checks refuse it, with its line
    if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) and parsed.tzinfo is None:
        return parsed.date().isoformat()
    document.lines.setdefault("date", document.lines.get(key))
    return parsed.isoformat()


def map_front_matter(document, site):
    """Another tool's keys under ours; returns the (from, to) mappings made."""
    meta, mapped = document.meta, []
    for key in DATE_KEYS:
        if key in meta:
            value = parse_date(document, key, meta.pop(key))
            if key != "date":
                mapped.append((key, "date"))
                document.lines.setdefault("date", document.lines.get(key))
            meta.setdefault("date", value)
            break
    _, dated = file_name(document)
    if "date" not in meta and dated:
        meta["date"] = "-".join(dated.groups()[:3])
        mapped.append(("nom du fichier", "date"))
    published = meta.get("published")
    if isinstance(published, bool):
        meta.pop("published")
        if not published:
            meta["draft"] = True
            mapped.append(("published: false", "draft"))
    if "_drafts" in document.path.parts and "draft" not in meta:
        meta["draft"] = True
        mapped.append(("_drafts/", "draft"))
    if "categories" in meta:
        categories = split_words(meta.pop("categories"), site)
        document.lines.setdefault("tags", document.lines.get("categories"))
        tags = split_words(meta.get("tags") or [], site)
        meta["tags"] = list(dict.fromkeys([*tags, *categories]))
        mapped.append(("categories", "tags"))
    elif isinstance(meta.get("tags"), str) and site.tool == "jekyll":
        meta["tags"] = split_words(meta["tags"], site)
    mapped += map_authors(document)
    for key in KEPT_KEYS & set(meta):
        mapped.append((key, f"{key} (gardée telle quelle)"))
    return mapped


def split_words(value, site):
    """Jekyll's `categories: devops cloud` is two categories; a list is a list."""
    if isinstance(value, str):
        separator = "," if "," in value or site.tool != "jekyll" else None
        return [word.strip() for word in value.split(separator) if word.strip()]
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return value


def link_index(sources):
    """What `{{< ref >}}`, `{% post_url %}` and `{% link %}` may name, to our paths."""
    index = {}
    for source in sources:
        try:
            path = reverse("articles:detail", kwargs={"slug": document_slug(source.document)})
        except (ContentError, NoReverseMatch):  # a slug the checks refuse, with its line
            continue
        file = source.document.path
        stem = file.parent.name if file.name == "index.md" else file.stem
        dated = DATED_NAME_RE.match(stem)
        for key in (stem, dated.group(4) if dated else None, *relative_keys(file)):
            if key:
                index.setdefault(key.lower(), path)
    return index


def relative_keys(file):
    parts = list(file.with_suffix("").parts)
    keys = []
    for start in range(len(parts)):
        keys.append("/".join(parts[start:]))
        if parts[-1] == "index":
            keys.append("/".join(parts[start:-1]))
    return keys


def find_link(index, target):
    target = target.strip().strip("\"'").split("#", 1)[0]
    key = re.sub(r"\.(md|markdown|html)$", "", target.strip("/")).lower()
    for candidate in (key, key.rsplit("/", 1)[-1]):
        if candidate in index:
            return index[candidate]
    return None


def refresh_markdoc_warnings(document, before):
    """The Markdoc problems read from the file, read again from the converted body."""

    def messages(text):
        return [
            Message(str(document.path), problem, document.body_line + line - 1)
            for line, problem in markdoc_problems(text)
        ]

    old = messages(before)
    document.warnings = [w for w in document.warnings if w not in old]
    document.warnings += messages(document.body)
