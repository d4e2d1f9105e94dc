"""The admin's pages parse as HTML5 without an error, like the public pages
(`tests/html_validity.py`): every page of every model (list, add, change, history, a revision,
delete confirmation), the media library and the import page, on one row of each model."""

import pytest

from articles.models import Article
from tests.html_validity import html_errors
from tests.test_admin_french import admin_pages
from tests.test_view_only import world  # noqa: F401 (one row of each model)

pytestmark = pytest.mark.django_db

EXTRA_PAGES = ["/admin/", "/admin/articles/article/importer/"]


def test_every_admin_page_is_valid_html(staff_client, world):  # noqa: F811
    article = world[Article]
    article.body += "\n\nUn paragraphe de plus."
    article.save()  # a revision to show
    invalid, seen = {}, 0
    for address in [*EXTRA_PAGES, *admin_pages(world)]:
        response = staff_client.get(address)
        if response.status_code in (302, 403):
            continue
        assert response.status_code == 200, address
        seen += 1
        errors = html_errors(response.content.decode())
        if errors:
            invalid[address] = errors[:5]
    assert seen > 20
    assert not invalid, "\n".join(f"{a} : {e}" for a, errors in invalid.items() for e in errors)
