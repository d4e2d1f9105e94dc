"""The roles' admin: their own pages (`role.py`), and their blocks on the article page
(`inline.py`), added to the article admin through its extension point."""

from articles.admin import extensions
from roles.admin import role  # noqa: F401 (registers the role page)
from roles.admin.inline import RoleInline


class RolesExtension(extensions.ArticleAdminExtension):
    inlines = (RoleInline,)


extensions.register(RolesExtension())
