"""The pre-publish checklist: what search engines and readers need before an article goes out.

Errors block publishing; warnings are shown and do not.
"""

from dataclasses import dataclass

from articles.links import broken_links, hrefs
from articles.markdoc import markdoc_problems
from articles.markdown import MarkdownTooComplex, image_ids, render_markdown
from articles.models import ImageAsset

ERROR, WARNING, OK = "erreur", "avertissement", "ok"
TITLE_RANGE = (20, 65)  # characters shown in search results
DESCRIPTION_RANGE = (70, 160)


@dataclass(frozen=True)
class Check:
    level: str
    text: str


UNSET = object()


def check_article(article, *, body=None, hero_image=UNSET, tags=None, roles=True):
    """The checklist for `article`, or for the given unsaved body, hero and tags."""
    body = article.body if body is None else body
    hero = article.hero_image if hero_image is UNSET else hero_image
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

    missing = article.images_without_alt(body=body, hero_image=hero, roles=roles)
    missing = [a for a in missing if hero is None or a.pk != hero.pk]
    if missing:
        names = ", ".join(f"« {a.caption or a.pk} »" for a in missing)
        checks.append(Check(ERROR, f"ces images n'ont pas de texte alternatif : {names}."))
    elif image_ids(body):
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

    try:
        rendered = render_markdown(body, ImageAsset.objects.lookup).html
    except MarkdownTooComplex as exc:  # the body's own field says so too
        checks.append(Check(ERROR, f"Texte refusé : {exc}"))
        return checks
    broken = broken_links(hrefs(rendered), exclude_article=article.slug)
    if broken:
        checks.append(Check(ERROR, "Liens internes cassés : " + ", ".join(map(str, broken)) + "."))
    else:
        checks.append(Check(OK, "Aucun lien interne cassé."))
    problems = markdoc_problems(body)
    if problems:
        shown = " ; ".join(f"ligne {line} : {text}" for line, text in problems[:3])
        more = f" (et {len(problems) - 3} autres)" if len(problems) > 3 else ""
        checks.append(Check(WARNING, f"Balises {{% … %}} à revoir : {shown}{more}"))
    return checks


def errors(checks):
    return [c for c in checks if c.level == ERROR]
