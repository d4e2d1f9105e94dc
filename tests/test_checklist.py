"""The pre-publish checklist helps and never traps: it blocks a draft's publishing, and on an
article already published it is a banner and a count, never a refused save."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ImageAsset
from roles.models import Role
from tests.commands import run
from tests.markdown_fixtures import mac_roman_mojibake, seed_shaped
from tests.test_import import write
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"
TITLE = "Un titre d'article bien assez long"
NO_HERO_ALT = "L&#x27;image principale externe n&#x27;a pas de texte alternatif."


@pytest.fixture
def live_without_alt(make_article, make_tag):
    """An article online whose external hero has no alt text (as the seed is imported)."""
    return make_article(
        TITLE, slug="en-ligne", tags=[make_tag("ops")], body="Un texte avec une coquile.",
        hero_image_url="https://images.exemple.fr/hero.jpg", hero_image_alt="",
    )  # fmt: skip


def test_a_live_article_with_an_old_checklist_error_saves_and_shows_the_banner(
    staff_client, live_without_alt
):
    """The typo gets fixed: the save goes through, and a banner says what is left to fix."""
    article = live_without_alt
    data = dict(change_data(staff_client, article), body="Un texte avec une coquille.")
    response = staff_client.post(f"{LIST}{article.pk}/change/", data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == LIST
    article.refresh_from_db()
    assert article.body == "Un texte avec une coquille." and article.status == "published"
    assert '<li class="warning">' in html and "est publié avec 1 point à revoir" in html
    assert NO_HERO_ALT in html and "l&#x27;enregistrement reste possible" in html
    page = staff_client.get(f"{LIST}{article.pk}/change/").content.decode()
    assert "est publié avec 1 point à revoir" in page and NO_HERO_ALT in page


def test_a_live_article_saves_when_a_roles_image_has_no_alt_text(staff_client, make_article):
    """The role inline's alt-text check does not trap a published article either."""
    article = make_article(TITLE, slug="roles-en-ligne", hero_image_alt="Équipe")
    asset = ImageAsset.objects.create(alt="", caption="Portrait du coach")
    Role.objects.create(article=article, title="Coach", slug="coach", image=asset)
    data = {**change_data(staff_client, article), "roles-0-image": str(asset.pk)}
    data["body"] = "Texte corrigé."
    response = staff_client.post(f"{LIST}{article.pk}/change/", data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain, html[:3000]
    assert Article.objects.get(pk=article.pk).body == "Texte corrigé."
    assert "« Portrait du coach »" in html and "point" in html and "à revoir" in html


def test_a_draft_with_errors_cannot_be_published_role_images_included(
    staff_client, make_article, make_tag
):
    """Draft → published is the moment the checklist refuses: here a role's image without alt."""
    article = make_article(TITLE, slug="brouillon", status="draft", tags=[make_tag("ops")])
    asset = ImageAsset.objects.create(alt="", caption="Portrait du coach")
    Role.objects.create(article=article, title="Coach", slug="coach", image=asset)
    data = {**change_data(staff_client, article), "roles-0-image": str(asset.pk)}
    data["status"] = "published"
    html = staff_client.post(f"{LIST}{article.pk}/change/", data).content.decode()
    assert "Publication impossible" in html and "« Portrait du coach »" in html
    assert Article.objects.get(pk=article.pk).status == "draft"
    response = staff_client.post(
        LIST, {"action": "publish_now", "_selected_action": [article.pk]}, follow=True
    )
    assert "n&#x27;est pas publié" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == "draft"


@pytest.mark.parametrize("size", [2, 5])
def test_the_list_counts_points_to_review_in_a_bounded_number_of_queries(
    staff_client, make_article, make_tag, size
):
    """« points à revoir »: each article's checklist errors, read for the whole page at once
    (images without alt or without file in bodies and roles, broken links), whatever the
    number of rows."""
    tag = make_tag("ops")
    for number in range(size):
        asset = ImageAsset.objects.create(alt="", caption=f"Schéma {number}")
        article = make_article(
            TITLE, slug=f"a-{number}", tags=[tag], hero_image_alt="x",
            body=f"![]({asset.pk})\n\n[lien](/blog/absent-{number}/) et [moi](/blog/a-{number}/)",
        )  # fmt: skip
        Role.objects.create(article=article, title="Coach", slug="coach", image=asset)
    make_article(TITLE, slug="propre", tags=[tag], hero_image_alt="x", body="Texte.")
    with CaptureQueriesContext(connection) as queries:
        html = staff_client.get(LIST).content.decode()
    # The list's own 10 (see test_admin_list), then the page's roles, their images, and the
    # articles, roles and tags the links name.
    assert len(queries) == 14
    assert '<th scope="col" class="column-review">' in html
    assert html.count('aria-label="3 points à revoir">3</a>') == size
    assert '<td class="field-review">—</td>' in html


def test_an_import_with_checklist_errors_comes_in_as_a_draft_unless_published_anyway(tmp_path):
    """A file that says « published » but whose article has checklist errors: a draft, and the
    report says why; with --publish-anyway it goes online, and the report still names what to
    review."""
    path = write(
        tmp_path, "vitrine.md",
        "---\ntitle: Un article importé tel quel, en ligne\nstatus: published\n"
        "date: 2025-05-06\nimage: https://images.exemple.fr/hero.jpg\n---\nTexte.\n",
    )  # fmt: skip
    output = run("import_markdown", str(path))
    article = Article.objects.get()
    assert article.status == "draft" and not article.is_published()
    assert (
        "importé en brouillon : un-article-importe-tel-quel-en-ligne (erreur de la liste de "
        "contrôle)" in output
    )
    assert "à revoir (erreur) : L'image principale externe n'a pas de texte alternatif." in output
    assert "à revoir (erreur) : Aucun tag : ajoutez-en au moins un." in output
    assert "1 article(s) avec des erreurs de la liste de contrôle (en brouillon : 1)" in output
    output = run("import_markdown", "--publish-anyway", str(path))
    article = Article.objects.get()
    assert article.status == "published" and article.is_published()
    assert "publié malgré tout : un-article-importe-tel-quel-en-ligne" in output
    assert "à revoir (erreur) : Aucun tag : ajoutez-en au moins un." in output


def test_readers_never_see_a_missing_image_and_the_editor_preview_does(
    client, staff_client, make_article
):
    """Body, hero and role image without a file: left out for readers, drawn for editors."""
    asset = ImageAsset.objects.create(alt="Les 4 piliers des Ops")
    text = f"Avant.\n\n![Les 4 piliers des Ops]({asset.pk})\n\nAprès."
    article = make_article(TITLE, slug="sans-image", body=text, hero_image=asset)
    Role.objects.create(article=article, title="Coach", slug="coach", image=asset, intro=text)
    for url in ("/blog/sans-image/", "/blog/sans-image/coach/", "/blog/", "/blog/flux/rss/"):
        page = client.get(url).content.decode()
        assert "Image manquante" not in page and "image-missing" not in page, url
    live = staff_client.post("/admin-markdown/apercu/", {"content": text})
    assert "Image manquante" in live.content.decode()
    preview = staff_client.post(
        f"{LIST}{article.pk}/apercu/", change_data(staff_client, article)
    ).content.decode()
    assert '<figure class="image-missing" role="img"' in preview  # the body's
    assert '<div class="image-missing hero__image" role="img"' in preview


def test_an_article_imported_as_published_is_saved_unchanged_and_readers_see_no_placeholder(
    tmp_path, client, staff_client
):
    """The seed-shaped file: published anyway with its checklist errors, it saves as it
    is (a typo can be fixed), the banner lists what to review, and readers get no « Image
    manquante »."""
    seed = write(tmp_path, "000_export.txt", mac_roman_mojibake(seed_shaped()))
    run("import_markdown", "--publish-anyway", str(seed))
    article = Article.objects.get()
    assert article.is_published()
    data = change_data(staff_client, article)
    for n, role in enumerate(article.roles.all()):
        data[f"roles-{n}-image"] = str(role.image_id or "")
    response = staff_client.post(f"{LIST}{article.pk}/change/", data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain and response.redirect_chain[-1][0] == LIST, html[:3000]
    assert "point" in html and "à revoir (l&#x27;enregistrement reste possible)" in html
    assert "Image manquante" not in client.get(article.get_absolute_url()).content.decode()


def test_the_change_form_names_images_without_a_file_and_never_says_all_is_well(
    staff_client, make_article, make_tag
):
    """An image with no file, and one whose file name the storage does not hold: both named
    as errors in the change form's checklist, and no « Toutes les images ont un texte
    alternatif » while readers see neither."""
    placeholder = ImageAsset.objects.create(alt="Schéma des piliers")
    vanished = ImageAsset.objects.create(alt="Organigramme")
    article = make_article(
        TITLE, slug="images-absentes", tags=[make_tag("ops")], hero_image_alt="x",
        body=f"![Schéma des piliers]({placeholder.pk})\n\n![Organigramme]({vanished.pk})",
    )  # fmt: skip
    gone = {"file": "images/parti.png", "width": 800, "height": 600}  # its file deleted
    ImageAsset.objects.filter(pk=vanished.pk).update(**gone)
    html = staff_client.get(f"{LIST}{article.pk}/change/").content.decode()
    assert (
        "ces images n&#x27;ont pas de fichier (les lecteurs ne les voient pas) : "
        "« Schéma des piliers », « Organigramme »." in html
    )
    assert "Toutes les images ont un texte alternatif" not in html
    listing = staff_client.get(LIST).content.decode()  # no storage request there: the row
    assert 'aria-label="1 point à revoir">1</a>' in listing  # names only the file-less one
