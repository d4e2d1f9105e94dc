"""How roles sit in their article, as `RolesConfig.ready()` declares them to the registry: the
line of the article's Markdown that places them (`[[roles]]`), and what the editor's preview
shows there."""

from articles.markdown import placeholder, slot_html

# The slot of an article's body where its roles are shown.
SLOT = "roles"
PLACEHOLDER = placeholder(SLOT)  # "[[roles]]"
SLOT_HTML = slot_html(SLOT)  # the empty slot in the stored HTML
SLOT_PREVIEW = "Les rôles de l'article s'affichent ici."
