"""The addresses another blog served a post at, kept: each one leads to the post here.

The post's own name on the old site is its `slug`, else what its tool made of it: Hugo's
`urlize` of the title (dots and case kept: « Kubernetes v1.24 » was `kubernetes-v1.24`),
Jekyll's and Docusaurus' file name after its date (`_posts/2022-07-08-mon-billet.md`), the
bundle's folder or the file's name for the others. Its address is the tool's rule (Hugo's
`[permalinks]`, Jekyll's `permalink`, `--permalink '/blog/:slug/'`) applied to it, or its
`url` / `permalink`; `aliases` (Hugo) and `redirect_from` (Jekyll) are addresses it had before.
Our slug is that name as our addresses write it (`kubernetes-v1-24`); every old address that is
not the new one becomes a redirect, with and without its final slash.
"""

import datetime as dt
import re
import unicodedata

from django.urls import reverse
from django.utils.text import slugify

from articles.models import Redirect
from publishing.batches import note_rows

DATED_NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
TOKEN_RE = re.compile(r":([a-z_]+)")
HUGO_KEPT = set("._-/#+~@")
LIMIT = Redirect._meta.get_field("old_path").max_length
SLUG_LIMIT = 80


def urlize(title):
    """Hugo's `urlize`: lower case, spaces as hyphens, letters, digits and `._-+~#@` kept."""
    out = []
    for char in title.strip().lower():
        if char.isspace():
            out.append("-")
        elif char.isalnum() or char in HUGO_KEPT or unicodedata.category(char).startswith("M"):
            out.append(char)
    return "".join(out)


def our_slug(name, cut=True):
    """A name from another site as our addresses write it: `v1.24` is `v1-24` (cut at a word
    boundary when it is not a slug the file gives: that one is refused when too long)."""
    slug = slugify(re.sub(r"[._/+~#@]+", "-", name)).strip("-")
    if cut and len(slug) > SLUG_LIMIT:
        slug = slug[: SLUG_LIMIT + 1].rsplit("-", 1)[0]
    return slug


def file_name(document):
    """The post's file name as its tool reads it: the bundle's folder, else the file's stem,
    without Jekyll's date."""
    path = document.path
    stem = path.parent.name if path.stem in {"index", "_index"} else path.stem
    match = DATED_NAME_RE.match(stem)
    return (match.group(4) if match else stem), match


def post_name(document, site):
    """(the post's name on the old site, where it came from)."""
    explicit = document.text("slug").strip("/")
    if explicit:
        return explicit, "slug"
    stem, _ = file_name(document)
    if site.tool == "hugo" or (site.given and not site.tool):
        return urlize(document.text("title")) or stem, "title"
    return stem, "file"


def expand(pattern, document, site, name, date):
    """A permalink pattern (`/blog/:year/:slug/`) for this post."""
    stem, _ = file_name(document)
    categories = document.list("categories") if "categories" in document.meta else []
    title = urlize(document.text("title"))
    values = {
        "year": f"{date.year:04d}" if date else "",
        "month": f"{date.month:02d}" if date else "",
        "i_month": str(date.month) if date else "",
        "day": f"{date.day:02d}" if date else "",
        "i_day": str(date.day) if date else "",
        "short_year": f"{date.year % 100:02d}" if date else "",
        "monthname": date.strftime("%B").lower() if date else "",
        "slug": name,
        "title": name if site.tool == "jekyll" else title,
        "filename": stem,
        "contentbasename": stem,
        "slugorfilename": name,
        "slugorcontentbasename": name,
        "section": site.section(document.path),
        "sections": site.section(document.path),
        "categories": "/".join(slugify(c) for c in categories),
        "output_ext": ".html",
    }
    path = TOKEN_RE.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)
    return re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))


def tool_default(document, site, name):
    """The address a tool gives a post when no rule says otherwise."""
    stem, dated = file_name(document)
    if site.tool == "docusaurus":
        if dated:
            return f"/blog/{dated.group(1)}/{dated.group(2)}/{dated.group(3)}/{name}"
        return f"/blog/{name}"
    if site.tool == "hugo":
        section = site.section(document.path)
        return f"/{section}/{stem}/" if section else f"/{stem}/"
    if site.tool in {"astro", "gatsby", "eleventy"}:
        return f"/blog/{stem}/" if site.tool == "astro" else f"/{stem}/"
    return None


def post_date(document):
    try:
        value = document.date("date")
    except Exception:  # noqa: BLE001 -- the checks tell a bad date, with its line
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def old_addresses(document, site):
    """Set the document's slug and `old_paths`; return the (from, to) mappings for the
    report. Keys the old addresses came from leave the front matter: the redirects keep them."""
    mapped = []
    name, origin = post_name(document, site)
    pattern = site.permalinks.get(site.section(document.path)) or site.permalinks.get("")
    paths = []
    for key in ("url", "permalink"):
        value = document.meta.get(key)
        if isinstance(value, str) and value.strip():
            paths.append(value.strip())
            document.meta.pop(key)
            mapped.append((key, "redirection"))
    if not paths and (site.tool or site.given) and "_drafts" not in document.path.parts:
        rule = expand(pattern, document, site, name, post_date(document)) if pattern else None
        rule = rule or tool_default(document, site, name)
        if rule and site.ugly and rule.endswith("/") and rule != "/":
            rule = rule[:-1] + ".html"  # Hugo's uglyURLs
        if rule:
            paths.append(rule)
    for key in ("aliases", "redirect_from"):
        value = document.meta.get(key)
        if value:
            paths.extend(value if isinstance(value, list) else [value])
            document.meta.pop(key)
            mapped.append((key, "redirections"))
    if origin == "slug":
        slug = our_slug(name, cut=False)
        if slug and slug != slugify(name):  # `v1.24`: the dot goes, the old address stays
            document.meta["slug"] = slug
            mapped.append(("slug", "slug"))
            if not site.tool:
                paths.append(detail_path("x")[:-2] + name + "/")
    elif site.tool:
        slug = our_slug(name)
        if slug:
            document.meta["slug"] = slug
            document.lines.setdefault("slug", document.lines.get("title"))
            mapped.append((origin if origin != "file" else "nom du fichier", "slug"))
    document.old_paths = [
        site.base_path + p if not p.startswith(site.base_path + "/") else p
        for p in (("/" + str(p).lstrip("/")) for p in paths)
    ]
    return mapped


def keep_old_paths(document, article):
    """Redirects from the document's old addresses to the article, with and without their final
    slash (an address that is the article's own is left alone); returns those created."""
    new_path = article.get_absolute_url()
    created = []
    for old in document.old_paths:
        variants = [old, old.rstrip("/")] if old.endswith("/") else [old, old + "/"]
        if old.endswith(".html"):
            variants = [old]
        for old_path in dict.fromkeys(variants):
            if old_path in {"", new_path, new_path.rstrip("/")} or len(old_path) > LIMIT:
                continue
            if Redirect.objects.filter(old_path=old_path, new_path=new_path).exists():
                continue
            note_rows(Redirect.objects.filter(new_path=old_path))  # chains it collapses
            Redirect.record_move(old_path, new_path)
            created.append((old_path, new_path))
    return created


def detail_path(slug):
    return reverse("articles:detail", kwargs={"slug": slug})
