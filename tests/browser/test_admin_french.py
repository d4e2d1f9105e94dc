"""The admin in French as an editor reads it (screenshots at 1280 and 1440 px)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_reads_un_article_une_image(logged_in, live_server, demo_content, artifacts):
    page = logged_in
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/admin/articles/article/")
        assert page.locator("h1").inner_text() == "Sélectionnez l’article à modifier"
        page.get_by_role("link", name="Ajouter un article").click()
        assert page.locator("h1").inner_text() == "Ajouter un article"
        assert page.title().startswith("Ajouter un article |")
        assert page.locator(".breadcrumbs").inner_text().strip().endswith("Ajouter un article")
        add_role = page.get_by_role("button", name="Ajouter un autre rôle")
        if add_role.count() == 0:
            add_role = page.get_by_text("Ajouter un autre rôle")
        assert add_role.count() >= 1
        page.screenshot(path=artifacts / f"admin-ajouter-article-{width}.png")
        page.goto(f"{live_server.url}/admin/articles/imageasset/")
        page.get_by_role("link", name="Ajouter une image").click()
        assert page.locator("h1").inner_text() == "Ajouter une image"
        page.goto(f"{live_server.url}/admin/roles/role/")
        page.locator("#result_list tbody a").first.click()
        page.locator("a.deletelink").click()
        text = page.locator("#content").inner_text()
        assert "Voulez-vous vraiment supprimer le rôle « " in text and "l’objet" not in text
        page.screenshot(path=artifacts / f"admin-supprimer-role-{width}.png")
        sidebar = page.locator("#nav-sidebar").inner_text()
        assert "Tentatives de connexion" in sidebar  # a superuser sees them
