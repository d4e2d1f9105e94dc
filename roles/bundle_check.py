"""What every role file of a bundle must be before anything is written: its keys of the types
the schema says, each list item within its column, and one role per slug inside an article.

Publishing calls it through the role kind's bundle (`roles.bundle`) with the tools it lends
(`publishing.checks.CHECK_TOOLS`): a problem is the document's error, naming the file and the
line, so that `--skip-invalid` leaves that file out.
"""

from django.utils.text import slugify

from roles.models import AlternativeTitle, BackgroundItem, Mission, Role
from roles.schema import ROLE_KEYS

BACKGROUND_KEYS = ("experience", "certifications")
ALTERNATIVE_KEYS = {"title", "note", "separator"}


def check_roles(documents, tools):
    """Each role of an article checked, and no two of them for one slug."""
    roles = {}
    for role in documents:
        slug = check_role(role, tools)
        if slug in roles:
            first = roles[slug]
            where = (
                f"ligne {first.lines.get('title')}"
                if first.path == role.path
                else f"« {first.path} »"
            )
            role.error(
                f"deux rôles pour le même slug « {slug} » (le premier : {where}) : un seul "
                "serait gardé. Donnez à l'un des deux un autre titre ou un autre « slug ».",
                "slug" if "slug" in role.meta else "title",
            )
        roles[slug] = role


def check_role(role, tools):
    """A role's keys and lists, each item within its column; returns the role's slug."""
    limit = tools.limit
    tools.check_keys(role, ROLE_KEYS, Role)
    slug = slugify(role.text("slug") or role.text("title", required=True))
    if not slug or len(slug) > limit(Role, "slug"):
        role.error(
            f"slug du rôle impossible : il faut des lettres ou des chiffres, "
            f"{limit(Role, 'slug')} caractères au plus (« {slug[:40]} »).",
            "slug" if role.text("slug") else "title",
        )
    tools.check_tags(role)
    check_texts(role, "missions", role.list("missions"), limit(Mission, "text"))
    background = role.meta.get("background")
    if not tools.is_empty(background):
        if not isinstance(background, dict):
            role.error(
                "« background » doit contenir les listes experience et certifications.",
                "background",
            )
        for name in background:
            if name not in BACKGROUND_KEYS:
                role.warn(f"« background » : clé « {name} » inconnue, ignorée.", "background")
        for name in BACKGROUND_KEYS:
            try:
                items = role.list(name, background)
            except tools.ContentError:
                role.error(
                    f"« background » : « {name} » doit être une liste de textes.", "background"
                )
            check_texts(role, "background", items, limit(BackgroundItem, "text"))
    check_alternatives(role, tools)
    return slug


def check_texts(role, key, items, longest):
    for text in items:
        if len(text) > longest:
            role.error(
                f"« {key} » : « {text[:40]}… » fait {len(text)} caractères, {longest} au plus : "
                "raccourcissez-le.",
                key,
            )


def check_alternatives(role, tools):
    value = role.meta.get("alternative_titles")
    if tools.is_empty(value):
        return
    is_text, limit = tools.is_text, tools.limit
    if not isinstance(value, list):
        role.error("« alternative_titles » doit être une liste.", "alternative_titles")
    for item in value:
        item = {"title": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or not item.get("title") or not is_text(item["title"]):
            role.error(
                "chaque élément de « alternative_titles » demande un « title » (un texte).",
                "alternative_titles",
            )
        note, separator = item.get("note"), item.get("separator")
        for name, value in (("note", note), ("separator", separator)):
            if value is not None and not is_text(value):
                role.error(
                    f"« alternative_titles » : « {name} » doit être un texte.", "alternative_titles"
                )
        for name, text in (
            ("title", item["title"]), ("note", note or ""), ("separator", separator or "")
        ):  # fmt: skip
            if len(str(text).strip()) > limit(AlternativeTitle, name):
                role.error(
                    f"« alternative_titles » : « {name} » de {len(str(text).strip())} caractères,"
                    f" {limit(AlternativeTitle, name)} au plus : raccourcissez-le.",
                    "alternative_titles",
                )
        for name in sorted(set(item) - ALTERNATIVE_KEYS):
            role.warn(
                f"« alternative_titles » : clé « {name} » inconnue, ignorée.", "alternative_titles"
            )
