"""A case study's short checklist before it goes out, shown as the article's is (same levels,
same list on its page): its SEO description, its hero image's alt text, and the images it shows
that have no file (readers would not see them). Errors refuse publishing a draft."""

from articles.checklist import (
    DESCRIPTION_RANGE,
    ERROR,
    OK,
    UNSET,
    WARNING,
    Check,
    images_without_file,
)
from articles.markdown import MarkdownTooComplex, render_markdown
from articles.models import ImageAsset


def check_case_study(case_study, *, body=None, hero_image=UNSET):
    """The checks of `case_study`, or of the given unsaved body and hero image."""
    body = case_study.body if body is None else body
    hero = case_study.hero_image if hero_image is UNSET else hero_image
    checks = []

    length = len(case_study.description or "")
    if not length:
        checks.append(Check(ERROR, "La description (SEO) est vide."))
    elif not DESCRIPTION_RANGE[0] <= length <= DESCRIPTION_RANGE[1]:
        low, high = DESCRIPTION_RANGE
        checks.append(Check(WARNING, f"Description de {length} caractères : visez {low} à {high}."))
    else:
        checks.append(Check(OK, f"Description de {length} caractères."))

    if hero is None:
        checks.append(Check(WARNING, "Pas d'image principale : les partages seront sans image."))
    elif not hero.alt:
        checks.append(Check(ERROR, "L'image principale n'a pas de texte alternatif."))
    else:
        checks.append(Check(OK, "Image principale avec texte alternatif."))

    try:
        shown = render_markdown(body, ImageAsset.objects.lookup).meta["images"]
    except MarkdownTooComplex as exc:
        checks.append(Check(ERROR, f"Texte refusé : {exc}"))
        return checks
    absent = images_without_file(case_study, shown, hero)
    if absent:
        names = ", ".join(f"« {name} »" for name in absent)
        text = f"ces images n'ont pas de fichier (les lecteurs ne les voient pas) : {names}."
        checks.append(Check(ERROR, text))
    assets = ImageAsset.objects.lookup([str(i) for i in shown]) if shown else {}
    missing = [a for a in assets.values() if not a.alt and (hero is None or a.pk != hero.pk)]
    if missing:
        names = ", ".join(f"« {a.caption or a.pk} »" for a in missing)
        checks.append(Check(ERROR, f"ces images n'ont pas de texte alternatif : {names}."))
    elif shown and not absent:
        checks.append(Check(OK, "Toutes les images du texte ont un texte alternatif."))
    return checks
