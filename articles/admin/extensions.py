"""The article admin's one extension point.

Another app adds to the article admin by registering an `ArticleAdminExtension`: publishing
(import and export) from its `AppConfig.ready()`, roles (the roles' blocks on the article page)
from its admin module; the article admin asks for the registered extensions when it builds its
URLs, its actions, its inlines and the links above its list. Nothing outside
`articles.admin.article` changes the article admin class itself.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ListLink:
    """A button above the article list: a label, an admin URL name, the permission it needs."""

    label: str
    url_name: str
    permission: str = "change"


class ArticleAdminExtension:
    """What an extension may add (override what you need)."""

    links: tuple = ()
    actions: tuple = ()  # callables decorated with @admin.action(permissions=[…])
    # InlineModelAdmin classes shown on the article page after its fields, in registration
    # order (their own Media come with them).
    inlines: tuple = ()

    def get_urls(self, model_admin):
        return []


_registry = []


def register(extension):
    """Add an extension (once: a second instance of the same class replaces the first)."""
    _registry[:] = [e for e in _registry if type(e) is not type(extension)]
    _registry.append(extension)


def extensions():
    return tuple(_registry)
