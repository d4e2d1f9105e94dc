"""Write an article's roles back out as files of its bundle (`roles/NN-<slug>.md`).

The front matter is built by publishing's walk of the schema (`tools.schema_meta`, the same as
an article's): a plain key is its field's value, a key with a kind is what its writer below
returns (None: the key is left out).
"""

from django.db.models import Q

from articles import schema
from articles.markdown import image_ids
from roles import schema as role_schema

FOLDER = "roles"


def role_files(article, tools):
    """([(relative path, front matter, body)], the ids of the images they show), the roles in
    their order."""
    roles = list(
        article.roles.order_by("order", "pk")
        .prefetch_related("missions", "background", "alternative_titles", "tags")
        .select_related("image", "dedicated_article")
    )
    files, referenced = [], []
    for number, role in enumerate(roles, start=1):
        if role.image_id:
            referenced.append(str(role.image_id))
        referenced.extend(image_ids(role.intro))
        files.append((f"{FOLDER}/{number:02d}-{role.slug}.md", role_meta(role, tools), role.intro))
    return files, referenced


def role_meta(role, tools):
    return tools.schema_meta(role_schema.ROLE_KEYS, role, ROLE_WRITERS, tools)


def tagged_with(articles):
    """The tags of these articles' roles, as a filter on tags."""
    return Q(tagged_roles__content_object__article__in=articles)


def _background(role, _):
    items = list(role.background.all())
    background = {}
    for kind, key in (("experience", "experience"), ("certification", "certifications")):
        values = [b.text for b in items if b.kind == kind]
        if values:
            background[key] = values
    return background or None


def _alternative_titles(role, _):
    titles = []
    for alternative in role.alternative_titles.all():
        entry = {"title": alternative.title}
        if alternative.note:
            entry["note"] = alternative.note
        if alternative.separator:
            entry["separator"] = alternative.separator
        titles.append(entry)
    return titles or None


def _dedicated(role, _):
    if role.dedicated_article_id:
        return role.dedicated_article.slug
    return role.dedicated_url or None


# The writer of each kind of ROLE_KEYS (a test keeps them equal to the schema's); the second
# argument is publishing's tools (`publishing.write.WRITE_TOOLS`).
ROLE_WRITERS = {
    schema.SLUG: lambda role, _: role.slug,
    role_schema.ROLE_IMAGE: lambda role, _: str(role.image_id) if role.image_id else None,
    role_schema.MISSIONS: lambda role, _: [m.text for m in role.missions.all()] or None,
    role_schema.BACKGROUND: _background,
    role_schema.ALTERNATIVE_TITLES: _alternative_titles,
    role_schema.DEDICATED: _dedicated,
    schema.TAGS: lambda role, tools: tools.tags(role, None),
}
