"""The writing room, server side: the Markdown fields' side-by-side editor, the search and
social previews of an article's metadata, and images dropped with their alt text."""

import html
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import ImageAsset
from roles.models import Role

pytestmark = pytest.mark.django_db


def text_of(fragment):
    """The visible text of an HTML fragment, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def share_preview(page):
    return page[page.index('<div class="share-preview"') :]


def test_every_markdown_field_gets_the_side_by_side_editor(staff_client, make_article):
    """The body and each role's intro: the text and its preview in two panes, the « Rédiger /
    Aperçu » tabs and the full-screen button, driven by our script, not markdownx's."""
    article = make_article()
    Role.objects.create(article=article, title="Coach", slug="coach", intro="Un *rôle*.")
    page = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    rooms = page.split('<div class="markdownx writing-room" data-view="write">')[1:]
    for name in ("body", "roles-0-intro"):
        room = next(r for r in rooms if f'name="{name}"' in r.split("writing-room__status")[0])
        write, preview = room.split('class="writing-room__pane writing-room__pane--preview"')
        assert f'name="{name}"' in write and "markdownx-editor" in write
        assert 'class="markdownx-preview"' in preview
        assert re.search(r'role="tab"[^>]*data-show="write"[^>]*>Rédiger<', room)
        assert re.search(r'role="tab"[^>]*data-show="preview"[^>]*>Aperçu<', room)
        assert re.search(r'class="writing-room__fullscreen"[^>]*>Plein écran<', room)
    assert "Un *rôle*." in page  # the intro, as written
    assert "/static/js/admin-editor.js" in page
    assert "markdownx/js/markdownx" not in page  # its script cannot start added rows


def test_the_template_row_for_new_roles_carries_the_editor_too(staff_client, make_article):
    """« Ajouter un autre rôle » copies the empty form: it holds the same editor, which our
    script starts when the row appears (tested in the browser)."""
    page = staff_client.get("/admin/articles/article/add/").content.decode()
    empty = page[page.index('id="roles-empty"') :]
    assert 'name="roles-__prefix__-intro"' in empty
    assert 'class="markdownx writing-room"' in empty


def test_the_search_result_preview_shows_what_the_page_emits(staff_client, make_article):
    """Title, address and description as the article's own page gives them to Google."""
    article = make_article(
        "Les cinq rôles d'une équipe RevOps",
        slug="equipe-revops",
        description="Manager, ingénieur, analyste : les rôles clés d'une équipe RevOps.",
    )
    form = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    public = staff_client.get(article.get_absolute_url()).content.decode()
    title_tag = html.unescape(re.search(r"<title>(.*?)</title>", public).group(1))
    meta = html.unescape(re.search(r'<meta name="description" content="([^"]*)"', public)[1])

    preview = share_preview(form)
    serp = text_of(preview[: preview.index('class="share-preview__counts"')])
    assert title_tag == f"Les cinq rôles d'une équipe RevOps — {settings.SITE_NAME}"
    assert title_tag in serp and meta in serp
    host = settings.SITE_URL.split("://")[1]
    assert f"{host} › blog › equipe-revops" in serp
    counts = text_of(preview)
    assert f"Titre : {len(title_tag)} caractères" in counts
    assert f"Description : {len(article.description)} caractères" in counts
    assert "Courte : 120 à 160 caractères sont conseillés." in counts  # 67: out of range
    assert "share-count--court" in preview


def test_the_preview_follows_the_form_as_typed(staff_client):
    """The endpoint the form asks while the editor types: a long title is cut where Google
    cuts it and said too long; no description means the excerpt, said so."""
    title = "Un titre beaucoup trop long pour tenir dans un résultat de recherche Google"
    response = staff_client.post(
        "/admin-markdown/partage/",
        {"title": title, "slug": "", "description": "", "excerpt": "Le chapeau de l'article."},
    )
    assert response.status_code == 200
    preview = response.content.decode()
    shown = html.unescape(re.search(r'class="serp__title"[^>]*>([^<]*)<', preview).group(1))
    assert shown.endswith(" …") and len(shown) <= 60
    assert title.startswith(shown[:-2])
    text = text_of(preview)
    assert "Trop long : Google coupe vers 60 caractères (580 px)." in text
    assert "Le chapeau de l'article." in text
    assert "Vide : la page donne le chapeau à sa place." in text
    assert "› blog › un-titre-beaucoup-trop-long" in text  # the address the slug will take
    assert "Pas d'image principale" in text


@pytest.mark.parametrize("slug", ["apercu", "pas une adresse", ""])
def test_a_slug_the_blog_refuses_still_gets_a_preview(staff_client, slug):
    """A reserved or malformed address (the form says why) never breaks the preview."""
    response = staff_client.post("/admin-markdown/partage/", {"title": "", "slug": slug})
    assert response.status_code == 200
    assert "› blog › adresse-de-l-article" in text_of(response.content.decode())


def test_the_social_card_shows_the_hero_and_says_when_it_is_too_small(staff_client, make_asset):
    asset = make_asset(alt="Schéma de l'équipe")  # 320 px wide
    response = staff_client.post(
        "/admin-markdown/partage/", {"title": "Titre", "hero_image": str(asset.pk)}
    )
    preview = response.content.decode()
    assert f'src="{asset.file.url}"' in preview
    assert "Image de 320 px de large : LinkedIn la veut de 1200 px au moins" in text_of(preview)
    missing = make_asset(alt="Sans fichier", with_file=False)
    response = staff_client.post(
        "/admin-markdown/partage/", {"title": "Titre", "hero_image": str(missing.pk)}
    )
    assert "L'image principale choisie n'a pas de fichier" in text_of(response.content.decode())


def test_an_external_hero_is_shown_as_shared(staff_client):
    """An Unsplash image: the card shows the 1200 × 630 crop the page gives LinkedIn."""
    url = "https://images.unsplash.com/photo-1?ixlib=rb-4.0.3"
    response = staff_client.post(
        "/admin-markdown/partage/", {"title": "Titre", "hero_image_url": url}
    )
    src = html.unescape(re.search(r'class="social-card__image" src="([^"]*)"', response.text)[1])
    assert src.startswith("https://images.unsplash.com/photo-1?") and "h=630&fit=crop" in src


def test_only_editors_get_the_share_preview(client):
    assert client.post("/admin-markdown/partage/", {"title": "x"}).status_code == 403


def test_an_image_dropped_with_its_alt_text_keeps_it(staff_client, png_bytes):
    """The alt text asked in the editor goes into the Markdown and onto the image, on one line
    and without a bracket that would end the Markdown early."""
    response = staff_client.post(
        "/admin-markdown/image/",
        {
            "image": SimpleUploadedFile("schema-equipe.png", png_bytes, "image/png"),
            "alt": "  Schéma [v2] de\nl'équipe ",
        },
    )
    assert response.status_code == 200
    code = response.json()["image_code"]
    asset_id = re.fullmatch(
        r"!\[Schéma \(v2\) de l'équipe\]\(([0-9a-f-]{36}) \"schema-equipe\.png\"\)", code
    ).group(1)
    assert ImageAsset.objects.get(pk=asset_id).alt == "Schéma (v2) de l'équipe"
