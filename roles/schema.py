"""The front matter of a role's file in a bundle (`roles/NN-<slug>.md`), declared once.

The keys are `articles.schema.Key`s, read, checked and written by publishing's loops like an
article's; a key that needs code of its own names a kind below, read by `roles.bundle_load`
and written by `roles.bundle_write`.
"""

from articles.schema import DATA, LIST, SLUG, TAGS, Key

# Kinds: keys read, loaded or written by code of their own (roles.bundle_load, bundle_write).
ROLE_IMAGE = "role_image"
ROLE_IMAGE_ALT = "role_image_alt"
MISSIONS = "missions"
BACKGROUND = "background"
ALTERNATIVE_TITLES = "alternative_titles"
DEDICATED = "dedicated"

ROLE_KEYS = (
    Key("title", "title", required=True),
    # The title as the article wrote it (« Le Revenue Ops Manager »), when it is not the title.
    Key("heading", "heading"),
    Key("slug", "slug", kind=SLUG),
    Key("nickname", "nickname"),
    Key("image", "image", kind=ROLE_IMAGE),
    # The alt text of a role's image lives on the image, exported with the article's images.
    Key("image_alt", None, kind=ROLE_IMAGE_ALT, written=False),
    Key("missions", "missions", LIST, kind=MISSIONS),
    Key("background", "background", DATA, kind=BACKGROUND),
    Key("alternative_titles", "alternative_titles", DATA, kind=ALTERNATIVE_TITLES),
    Key("dedicated", "dedicated_article", kind=DEDICATED),
    Key("dedicated_label", "dedicated_label"),
    Key("tags", "tags", LIST, kind=TAGS),
)
