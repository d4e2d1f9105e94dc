"""History and conflicts in a real browser: read a history diff, resolve a conflict between two
editors. French, marked word by word, no sideways scrolling at 1280 px, accessible."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article, Author, Tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide-42"
LONG_URL = "https://www.exemple.fr/ressources/" + "guide-complet-des-operations-revenu-" * 6
BODY = "\n\n".join(
    [
        "## Pourquoi une équipe revenu",
        "Les équipes marketing, ventes et service client partagent un objectif : la croissance "
        "du revenu récurrent, mesurée chaque mois par la direction.",
        "Elles partagent aussi des outils, des données et des rituels, que l'équipe RevOps "
        "entretient pour elles.",
        f"Pour aller plus loin, lisez [le guide]({LONG_URL}) ou notre page {LONG_URL}.",
        "Un paragraphe qui ne change pas.",
        "Un autre paragraphe qui ne change pas non plus.",
        "## Conclusion",
        "La conclusion arrive ici, avec une dernière phrase assez longue pour passer à la ligne.",
    ]
)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.fixture
def article(django_user_model):
    for name in ("camille", "sacha"):
        django_user_model.objects.create_user(
            username=name, password=PASSWORD, is_staff=True, is_superuser=True
        )
    author = Author.objects.create(name="Camille Martin", slug="camille-martin")
    article = Article.objects.create(
        title="Comprendre l'équipe revenu et ses rôles",
        slug="equipe-revenu",
        author=author,
        body=BODY,
        description="Ce que fait une équipe revenu, qui la compose et comment elle travaille "
        "avec le marketing et les ventes.",
        hero_image_url="https://images.exemple.fr/hero.jpg",
        hero_image_alt="Une équipe autour d'un tableau",
        status=Article.Status.PUBLISHED,
        # 07:00 UTC is 09:00 in Paris: the same moment, never reported as a difference.
        published_at=datetime.datetime(2025, 5, 6, 7, 0, tzinfo=datetime.UTC),
    )
    article.tags.add(Tag.objects.create(name="ops", slug="ops", label="L'Ops"))
    return article


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def serious_violations(page, context):
    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_read_a_history_diff(page, live_server, article, artifacts):
    """An editor changes a sentence, then reads the history and the diff: French summary,
    changed words marked, long addresses wrapped inside the page at 1280 and 1440 px."""
    log_in(page, live_server, "camille")
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(change)
    page.fill(
        "#id_body",
        BODY.replace("un objectif :", "un seul objectif chiffré :")
        .replace("Un autre paragraphe", "Un nouveau paragraphe")
        .replace("lisez [le guide]", "consultez [le guide]"),  # beside a long address
    )  # fmt: skip
    page.fill("#id_unpublish_at_0", "03/01/2027")
    page.fill("#id_unpublish_at_1", "09:00:00")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    table = page.get_by_role("table", name="Versions, de la plus récente à la plus ancienne")
    assert "Date de dépublication : vide → 3 janvier 2027 à 09:00" in table.inner_text()
    assert "Texte (Markdown) : " in table.inner_text() and "CHANGES" not in page.content()
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"admin-history-{width}.png", full_page=True)
        assert overflow(page) <= 0, f"the history scrolls sideways at {width}px"
    assert serious_violations(page, "#content-main") == []

    page.get_by_role("link", name="Différences de la version du").first.click()
    page.get_by_role("heading", name="Texte (Markdown)").wait_for()
    deleted, added = page.locator(".diff-text del"), page.locator(".diff-text ins")
    assert [d.text_content() for d in deleted.all()] == [
        "[supprimé : lisez ]", "[supprimé : autre ]",
    ]  # fmt: skip
    assert [a.text_content() for a in added.all()] == [
        "[ajouté : seul ]", "[ajouté : chiffré ]", "[ajouté : consultez ]", "[ajouté : nouveau ]",
    ]  # fmt: skip
    # The words for screen readers take no room on screen; the struck-out word is seen.
    assert page.locator(".diff-text del .sr-only").first.bounding_box()["width"] <= 1
    assert LONG_URL in page.locator(".diff-text").inner_text()  # shown, and wrapped
    assert deleted.first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert page.locator(".diff-gap").count() >= 1  # unchanged paragraphs counted, not shown
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"admin-history-diff-{width}.png", full_page=True)
        assert overflow(page) <= 0, f"the diff scrolls sideways at {width}px"
    assert serious_violations(page, "#content-main") == []


def test_resolve_a_conflict(browser, live_server, article, artifacts):
    """Two editors open the same article; the second to save sees what differs, marked, with
    no false date difference, then saves again to keep her version."""
    contexts = [
        browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        for _ in range(2)
    ]
    try:
        first, second = (log_in(c.new_page(), live_server, n)
                         for c, n in zip(contexts, ("camille", "sacha"), strict=True))  # fmt: skip
        change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
        first.goto(change)
        second.goto(change)
        first.fill("#id_body", BODY.replace("un objectif :", "un objectif commun :"))
        first.click("input[name=_save]")
        first.wait_for_url(f"{live_server.url}/admin/articles/article/")

        mine = BODY.replace("La conclusion arrive ici", "La conclusion change ici")
        second.fill("#id_body", mine)
        second.click("input[name=_save]")
        note = second.locator("ul.errorlist.nonfield")
        note.wait_for()
        assert "Conflit : cet article a été modifié par un autre rédacteur" in note.inner_text()
        table = second.get_by_role("table", name="Ce qui diffère")
        assert table.locator("tbody tr").count() == 1  # the text only: no false date row
        assert "Date de publication" not in table.inner_text()
        assert "barré : seulement dans leur version" in note.inner_text()
        assert "commun" in table.locator("td del").first.inner_text()
        assert "change" in table.locator("td ins").first.inner_text()
        for width in (1280, 1440):
            second.set_viewport_size({"width": width, "height": 900})
            note.scroll_into_view_if_needed()
            second.screenshot(path=artifacts / f"admin-conflict-{width}.png")
            assert overflow(second) <= 0, f"the conflict screen scrolls sideways at {width}px"
        assert serious_violations(second, "ul.errorlist.nonfield") == []

        second.click("input[name=_save]")  # read, then kept: her version replaces theirs
        second.wait_for_url(f"{live_server.url}/admin/articles/article/")
        article.refresh_from_db()
        assert article.body.replace("\r\n", "\n") == mine  # a browser sends CRLF
    finally:
        for context in contexts:
            context.close()
