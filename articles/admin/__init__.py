"""The admin, in French, for editors: one module per page family."""

from articles.admin import article, library, sign_in, site  # noqa: F401 (register the pages)
