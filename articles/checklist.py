"""The pre-publish checklist: what search engines and readers need before an article goes out.

Errors block publishing a draft (`blocks_publishing`); warnings are shown and do not. An
article already published (by an editor, or imported as published) is never trapped by an
error found since: it can still be saved, and its errors are shown as points to review (the
form's banner, the list's « points à revoir » count, the import report).
"""

from collections import defaultdict
from dataclasses import dataclass

from articles.links import broken_links, broken_links_of, hrefs
from articles.markdoc import markdoc_problems
from articles.markdown import MarkdownTooComplex, render_markdown
from articles.models import Article, ImageAsset
from roles.models import Role

ERROR, WARNING, OK = "erreur", "avertissement", "ok"
TITLE_RANGE = (20, 65)  # characters shown in search results
DESCRIPTION_RANGE = (70, 160)


@dataclass(frozen=True)
class Check:
    level: str
    text: str


UNSET = object()


def check_article(article, *, body=None, hero_image=UNSET, tags=None, parts=True, batch=None):
    """The checklist for `article`, or for the given unsaved body, hero and tags. `batch`: what
    a `Batch` of saved articles read once for all, instead of queries for this one."""
    body = article.body if body is None else body
    rendered, refused = None, None
    if batch is None:  # the text as readers would get it: the images and links it shows
        try:
            rendered = render_markdown(body, ImageAsset.objects.lookup)
        except MarkdownTooComplex as exc:  # the body's own field says so too
            refused = exc
    if hero_image is not UNSET:
        hero = hero_image
    elif batch is not None:
        hero = batch.assets.get(str(article.hero_image_id)) if article.hero_image_id else None
    else:
        hero = article.hero_image
    checks = []

    length = len(article.title or "")
    if not length:
        checks.append(Check(ERROR, "Le titre est vide."))
    elif not TITLE_RANGE[0] <= length <= TITLE_RANGE[1]:
        low, high = TITLE_RANGE
        text = f"Titre de {length} caractères : visez {low} à {high} pour les moteurs."
        checks.append(Check(WARNING, text))
    else:
        checks.append(Check(OK, f"Titre de {length} caractères."))

    length = len(article.description or "")
    if not DESCRIPTION_RANGE[0] <= length <= DESCRIPTION_RANGE[1]:
        low, high = DESCRIPTION_RANGE
        checks.append(Check(WARNING, f"Description de {length} caractères : visez {low} à {high}."))
    else:
        checks.append(Check(OK, f"Description de {length} caractères."))

    if hero is None and not article.hero_image_url:
        checks.append(Check(WARNING, "Pas d'image principale : les partages seront sans image."))
    elif hero is not None and not hero.alt:
        checks.append(Check(ERROR, "L'image principale n'a pas de texte alternatif."))
    elif hero is None and not article.hero_image_alt:
        checks.append(Check(ERROR, "L'image principale externe n'a pas de texte alternatif."))
    else:
        checks.append(Check(OK, "Image principale avec texte alternatif."))

    if batch is not None:
        shown = article.rendered_meta.get("images", [])
        missing = batch.images_without_alt(article)
        absent = batch.images_without_file(article)
    else:
        shown = rendered.meta["images"] if rendered else []
        missing = article.images_without_alt(shown=shown, hero_image=hero, roles=parts)
        absent = images_without_file(article, shown, hero, parts)
    missing = [a for a in missing if hero is None or a.pk != hero.pk]
    if absent:
        names = ", ".join(f"« {name} »" for name in absent)
        text = f"ces images n'ont pas de fichier (les lecteurs ne les voient pas) : {names}."
        checks.append(Check(ERROR, text))
    if missing:
        names = ", ".join(f"« {a.caption or a.pk} »" for a in missing)
        checks.append(Check(ERROR, f"ces images n'ont pas de texte alternatif : {names}."))
    elif shown and not absent:
        checks.append(Check(OK, "Toutes les images ont un texte alternatif."))

    slug = article.slug or ""
    if len(slug) > 80 or "--" in slug or slug != slug.lower():
        checks.append(Check(WARNING, f"Adresse « {slug} » : courte, en minuscules, sans « -- »."))
    else:
        checks.append(Check(OK, f"Adresse « {article.get_absolute_url()} »."))

    tag_count = len(tags) if tags is not None else (article.tags.count() if article.pk else 0)
    if not tag_count:
        checks.append(Check(ERROR, "Aucun tag : ajoutez-en au moins un."))
    else:
        checks.append(Check(OK, f"{tag_count} tag(s)."))

    if batch is not None:  # saved articles: their stored HTML is their body rendered
        broken = batch.broken[article.pk]
    elif refused is not None:
        checks.append(Check(ERROR, f"Texte refusé : {refused}"))
        return checks
    else:
        broken = broken_links(hrefs(rendered.html), exclude_article=article.slug)
    if broken:
        checks.append(Check(ERROR, "Liens internes cassés : " + ", ".join(map(str, broken)) + "."))
    else:
        checks.append(Check(OK, "Aucun lien interne cassé."))
    meta = rendered.meta if rendered is not None else (article.rendered_meta or {})
    if meta.get("h1"):
        checks.append(
            Check(
                WARNING,
                f"{meta['h1']} titre(s) de niveau 1 (« # … ») dans le texte : la page a déjà le "
                "sien, le titre de l'article. Ils sont affichés en niveau 2, et les titres qui "
                "les suivent un niveau en dessous : écrivez « ## … ».",
            )
        )
    problems = markdoc_problems(body)
    if problems:
        shown = " ; ".join(f"ligne {line} : {text}" for line, text in problems[:3])
        more = f" (et {len(problems) - 3} autres)" if len(problems) > 3 else ""
        checks.append(Check(WARNING, f"Balises {{% … %}} à revoir : {shown}{more}"))
    return checks


def image_name(asset_id, asset):
    """How the checklist names an image: its caption or alt text, else its id."""
    return (asset.caption or asset.alt or asset_id) if asset is not None else asset_id


def file_missing(asset, in_storage=False):
    """True when readers cannot see this image: no asset, no file, or (`in_storage`: one
    request to the storage, for a single article's checks) a file name the storage lacks."""
    if asset is None or not asset.file:
        return True
    if not in_storage:
        return False
    try:
        return not asset.file.storage.exists(asset.file.name)
    except (OSError, ValueError):
        return True


def images_without_file(article, shown, hero, roles=True):
    """The names of the images this article shows (body, hero, its roles') that have no file:
    one query, and the storage asked about each file (the form shows one article)."""
    ids = list(dict.fromkeys(str(i) for i in shown))
    if hero is not None:
        ids.append(str(hero.pk))
    if article.pk and roles:
        for image_id, meta in Role.objects.filter(article=article).values_list(
            "image_id", "rendered_meta"
        ):
            ids.extend(meta.get("images", []))
            if image_id:
                ids.append(str(image_id))
    ids = list(dict.fromkeys(ids))
    assets = ImageAsset.objects.lookup(ids) if ids else {}
    return [image_name(i, assets.get(i)) for i in ids if file_missing(assets.get(i), True)]


def errors(checks):
    return [c for c in checks if c.level == ERROR]


def findings(checks):
    """What is left to review: errors first, then warnings."""
    return [c for c in checks if c.level == ERROR] + [c for c in checks if c.level == WARNING]


def blocks_publishing(stored_status, status):
    """True when a save would put a draft (or a new article) online: the one moment checklist
    errors refuse it. An article whose stored status is already « publié » (online, scheduled,
    imported as published) stays savable: a typo must be fixable whatever an old check says."""
    return status == Article.Status.PUBLISHED and stored_status != Article.Status.PUBLISHED


def stored_status(article):
    """The status saved in the database (None for an article not saved yet)."""
    if not article.pk:
        return None
    return Article.objects.filter(pk=article.pk).values_list("status", flat=True).first()


class Batch:
    """What the checks of many saved articles read from the database, read once for all: the
    images they and their roles show (as their renderings found them), and the internal links
    that lead nowhere. Three to six queries whatever the number of articles (the admin list,
    the import report)."""

    def __init__(self, articles):
        shown = defaultdict(set)
        for article in articles:
            shown[article.pk].update(article.rendered_meta.get("images", []))
            if article.hero_image_id:
                shown[article.pk].add(str(article.hero_image_id))
        rows = Role.objects.filter(article__in=[a.pk for a in articles])
        for article_id, image_id, meta in rows.values_list(
            "article_id", "image_id", "rendered_meta"
        ):
            shown[article_id].update(meta.get("images", []))
            if image_id:
                shown[article_id].add(str(image_id))
        self.shown = shown
        wanted = set().union(*shown.values()) if shown else set()
        self.assets = ImageAsset.objects.lookup(wanted) if wanted else {}
        self.broken = broken_links_of({a.pk: (hrefs(a.body_html), a.slug) for a in articles})

    def images_without_file(self, article):
        """The names of its images with no asset or no file (no storage request: the list
        shows a hundred articles)."""
        ids = sorted(self.shown[article.pk])
        return [image_name(i, self.assets.get(i)) for i in ids if file_missing(self.assets.get(i))]

    def images_without_alt(self, article):
        assets = (self.assets.get(pk) for pk in self.shown[article.pk])
        missing = (a for a in assets if a is not None and not a.alt)
        return sorted(missing, key=lambda asset: asset.created_at)


def review_points(articles):
    """{article pk: its checklist errors} for saved articles with their tags prefetched."""
    articles = list(articles)
    batch = Batch(articles)
    return {a.pk: errors(check_article(a, tags=a.tags.all(), batch=batch)) for a in articles}
