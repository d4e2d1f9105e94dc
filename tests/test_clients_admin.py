"""The case study's admin page: added and changed like an article (writing room, checklist,
history, conflicts, previews), its quotes and deliverables edited and reordered in its form,
its list searched accents aside; all in French, in its own section of the admin index."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from clients.models import CaseStudy, Quote, Scope, Tool
from clients.preview import make_token
from tests.test_admin_roles import add_row, opened, prefix_of

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/clients/casestudy/add/"
LIST_URL = "/admin/clients/casestudy/"


def change_url(case_study):
    return f"/admin/clients/casestudy/{case_study.pk}/change/"


@pytest.fixture
def acme(db):
    case_study = CaseStudy.objects.create(
        name="Acmé Logiciels",
        slug="acme",
        title="Un cycle de vente réduit de moitié",
        subtitle="Éditeur SaaS de 80 personnes",
        speaker="Claire Martin",
        body="## Le contexte\n\nUne équipe commerciale débordée.",
    )
    Quote.objects.create(case_study=case_study, position=1, text="Première citation")
    Quote.objects.create(case_study=case_study, position=2, text="Deuxième citation")
    return case_study


def quotes(case_study):
    return list(case_study.quotes.values_list("text", flat=True))


def test_the_index_has_its_own_french_section(staff_client):
    html = staff_client.get("/admin/").content.decode()
    assert "Études de cas" in html
    for label in ("Périmètres", "Outils"):
        assert f">{label}</a>" in html


def test_a_case_study_is_added_with_its_quotes_and_deliverables(staff_client):
    scope = Scope.objects.create(name="Négociation", slug="negociation")
    tool = Tool.objects.create(name="Hubspot", slug="hubspot")
    data = opened(staff_client, ADD_URL)
    data.update(name="Boréal", slug="boreal", title="Des prévisions enfin fiables",
                body="Le **texte** de la mission.", scopes=[str(scope.pk)], tools=[str(tool.pk)])  # fmt: skip
    add_row(data, "quotes", text="« On voit enfin clair. »")
    add_row(data, "deliverables", text="Un tableau de bord des prévisions")
    response = staff_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case_study = CaseStudy.objects.get(slug="boreal")
    assert quotes(case_study) == ["« On voit enfin clair. »"]
    assert [d.text for d in case_study.deliverables.all()] == ["Un tableau de bord des prévisions"]
    assert list(case_study.scopes.all()) == [scope] and list(case_study.tools.all()) == [tool]
    assert "<strong>texte</strong>" in case_study.body_html


def test_the_change_page_shows_the_writing_room_and_the_lists(staff_client, acme):
    html = staff_client.get(change_url(acme)).content.decode()
    for text in ("Citations", "Livrables", "Ajouter une citation", "Ajouter un livrable",
                 "Avant publication", "La mission", "Aperçu de la page (sans enregistrer)",
                 "Lien d&#x27;aperçu", "Historique"):  # fmt: skip
        assert text in html, text
    assert "writing-room" in html  # the Markdown editor with its live preview
    assert ">Monter<" in html and "sort-handle" in html and "js/admin-roles.js" in html
    assert re.search(r'<textarea name="quotes-0-text"[^>]*>\s*Première citation', html)


def test_a_change_is_saved_and_a_quote_reordered(staff_client, acme):
    data = opened(staff_client, change_url(acme))
    data["subtitle"] = "Éditeur SaaS de 90 personnes"
    before = CaseStudy.objects.get(pk=acme.pk).version
    first, second = prefix_of(data, "Première citation"), prefix_of(data, "Deuxième citation")
    data[f"{first}-position"], data[f"{second}-position"] = "2", "1"  # as the script renumbers
    response = staff_client.post(change_url(acme), data)
    assert response.status_code == 302
    acme.refresh_from_db()
    assert acme.subtitle == "Éditeur SaaS de 90 personnes" and acme.version > before
    assert quotes(acme) == ["Deuxième citation", "Première citation"]


def test_a_save_over_a_newer_version_is_refused_with_both_shown(staff_client, acme):
    data = opened(staff_client, change_url(acme))
    acme.refresh_from_db()
    acme.title = "Leur titre"
    acme.save()  # another editor saved meanwhile
    data["title"] = "Mon titre"
    response = staff_client.post(change_url(acme), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Conflit : cette étude de cas a été modifiée par un autre rédacteur" in html
    assert re.search(r"<del[^>]*>.*?Leur", html) and re.search(r"<ins[^>]*>.*?Mon", html)
    acme.refresh_from_db()
    assert acme.title == "Leur titre"


def test_quotes_changed_by_another_editor_meanwhile_are_a_conflict(staff_client, acme):
    """The lists are compared too: mine and theirs shown, theirs kept until I choose."""
    data = opened(staff_client, change_url(acme))
    acme.refresh_from_db()
    Quote.objects.filter(case_study=acme, position=2).update(text="Leur citation")
    acme.save()  # another editor saved the case study and its quotes meanwhile
    data[f"{prefix_of(data, 'Deuxième citation')}-text"] = "Ma citation"
    html = staff_client.post(change_url(acme), data).content.decode()
    assert "Conflit : cette étude de cas a été modifiée par un autre rédacteur" in html
    table = re.search(r'<table class="conflict">.*?</table>', html, re.S).group()
    assert "Citations" in table and "Leur" in table and "Ma" in table
    assert quotes(acme) == ["Première citation", "Leur citation"]


def test_restoring_a_revision_brings_back_its_quotes(staff_client, acme):
    first = acme.history.order_by("history_id").last()
    data = opened(staff_client, change_url(acme))
    data[f"{prefix_of(data, 'Première citation')}-text"] = ""  # cleared: deleted
    data["title"] = "Un titre revu"
    assert staff_client.post(change_url(acme), data).status_code == 302
    assert quotes(acme) == ["Deuxième citation"]
    history = staff_client.get(f"/admin/clients/casestudy/{acme.pk}/history/").content.decode()
    assert ">Différences<" in history and "Citations et livrables : 1 changement" in history
    diff = staff_client.get(
        f"/admin/clients/casestudy/{acme.pk}/history/{acme.history.first().history_id}/diff/"
    ).content.decode()
    assert "Suppression — Citation : Première citation" in diff
    restore_url = f"/admin/clients/casestudy/{acme.pk}/history/{first.history_id}/"
    data = opened(staff_client, restore_url)
    response = staff_client.post(restore_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    acme.refresh_from_db()
    assert acme.title == "Un cycle de vente réduit de moitié"
    assert quotes(acme) == ["Première citation", "Deuxième citation"]


def test_restoring_an_old_draft_version_keeps_an_online_case_study_online(staff_client, acme):
    """As an article's: the version's content comes back, today's publication state stays
    unless asked, the review page says what changes."""
    draft_era = acme.history.order_by("history_id").last()
    yesterday = timezone.now() - timedelta(days=1)
    acme.status, acme.published_at, acme.title = "published", yesterday, "Un titre du jour"
    acme.description = "Une description"
    acme.save()
    acme.quotes.filter(text="Première citation").delete()
    url = f"/admin/clients/casestudy/{acme.pk}/history/{draft_era.history_id}/"
    html = staff_client.get(url).content.decode()
    assert "montre l&#x27;étude de cas telle qu&#x27;elle était le" in html
    assert "L&#x27;état de publication reste celui d&#x27;aujourd&#x27;hui : En ligne" in html
    assert "Les citations reviendront telles qu&#x27;elles étaient : « Première citation »" in html
    assert "Rétablir aussi l'état de publication de cette version" in html
    response = staff_client.post(url, opened(staff_client, url), follow=True)
    assert response.redirect_chain[-1][0] == change_url(acme)
    acme.refresh_from_db()
    assert acme.title == "Un cycle de vente réduit de moitié" and acme.is_published()
    assert quotes(acme) == ["Première citation", "Deuxième citation"]
    assert Client().get("/clients/acme/").status_code == 200


def test_the_checklist_is_shown_and_refuses_publishing_a_draft(staff_client, acme, make_asset):
    acme.hero_image = make_asset(alt="")
    acme.save()
    html = staff_client.get(change_url(acme)).content.decode()
    assert "La description (SEO) est vide." in html
    assert "L&#x27;image principale n&#x27;a pas de texte alternatif." in html
    data = opened(staff_client, change_url(acme))
    data.update(
        {"status": "published", "published_at_0": "01/01/2026", "published_at_1": "09:00:00"}
    )
    html = staff_client.post(change_url(acme), data).content.decode()
    assert "Publication impossible : La description (SEO) est vide." in html
    acme.refresh_from_db()
    assert acme.status == CaseStudy.Status.DRAFT


def test_the_preview_shows_the_unsaved_text(staff_client, acme):
    data = opened(staff_client, change_url(acme))
    data["body"] = "Un paragraphe **pas encore enregistré**."
    data[f"{prefix_of(data, 'Deuxième citation')}-text"] = "Citation réécrite"
    response = staff_client.post(f"/admin/clients/casestudy/{acme.pk}/apercu/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>pas encore enregistré</strong>" in html and "Citation réécrite" in html
    assert "modifications non enregistrées" in html and 'name="robots" content="noindex"' in html
    assert '<article class="article case-study">' in html  # the reader page's template
    assert "private, no-store" in response["Cache-Control"]
    acme.refresh_from_db()
    assert "pas encore" not in acme.body


def test_a_new_case_study_is_previewed_before_its_first_save_and_needs_an_address(
    staff_client,
):
    data = opened(staff_client, ADD_URL)
    data.update(name="Céleste", slug="celeste", title="Un pipeline enfin lisible", body="Texte.")
    add_row(data, "quotes", text="« Enfin clair. »")
    response = staff_client.post("/admin/clients/casestudy/apercu/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "Un pipeline enfin lisible" in html
    assert '<figure class="quote">' in html and "Enfin clair" in html
    assert not CaseStudy.objects.exists()  # nothing written
    data["slug"] = ""
    response = staff_client.post("/admin/clients/casestudy/apercu/", data)
    assert response.status_code == 400
    assert "Aperçu impossible : Adresse de l&#x27;étude de cas" in response.content.decode()


def test_the_share_link_shows_the_reader_page_as_a_working_version_until_revoked(
    staff_client, acme
):
    """The link the form gives opens, without an account, the case study's reader page (its
    quotes as quotes), marked « version de travail », not indexed, never cached."""
    html = staff_client.get(change_url(acme)).content.decode()
    link = re.search(r'value="(http://[^"]+/clients/apercu/[^"]+/)"', html).group(1)
    url = link.split("://", 1)[1].split("/", 1)[1]
    response = Client().get(f"/{url}")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<article class="article case-study">' in page and '<figure class="quote">' in page
    assert "Un cycle de vente réduit de moitié" in page and "Première citation" in page
    assert "Version de travail, réservée à l’équipe\u00a0: cette étude de cas n’est pas " in page
    assert '<meta name="robots" content="noindex">' in page
    assert (
        response["Cache-Control"] == "private, no-store" and response["X-Robots-Tag"] == "noindex"
    )
    acme.preview_version += 1
    acme.save()
    assert Client().get(f"/{url}").status_code == 404


def test_the_first_share_links_under_the_admin_still_open(acme):
    token = make_token(acme)
    response = Client().get(f"/admin/clients/casestudy/partage/{token}/", follow=True)
    assert response.redirect_chain == [(f"/clients/apercu/{token}/", 302)]
    assert response.status_code == 200 and "Première citation" in response.content.decode()
    assert Client().get("/admin/clients/casestudy/partage/faux/", follow=True).status_code == 404


def test_a_scheduled_case_study_s_share_link_says_when_it_comes(acme):
    when = timezone.now() + timedelta(days=3)
    CaseStudy.objects.filter(pk=acme.pk).update(status="published", published_at=when)
    acme.refresh_from_db()
    page = Client().get(f"/clients/apercu/{make_token(acme)}/").content.decode()
    assert "cette étude de cas sera publiée le" in page


def test_the_list_is_searched_accents_and_case_aside(staff_client, committed):
    with committed():  # the folded search columns are filled once the transaction commits
        CaseStudy.objects.create(name="Acmé Logiciels", slug="acme", title="Un cycle réduit")
        boreal = CaseStudy.objects.create(name="Boréal", slug="boreal", title="Des prévisions")
        boreal.scopes.add(Scope.objects.create(name="Négociation", slug="negociation"))
        boreal.tools.add(Tool.objects.create(name="Hubspot", slug="hubspot"))
    html = staff_client.get(LIST_URL, {"q": "acme"}).content.decode()
    assert "Acmé Logiciels" in html and "Boréal" not in html
    html = staff_client.get(LIST_URL, {"q": "PREVISIONS"}).content.decode()
    assert "Boréal" in html and "Acmé Logiciels" not in html
    html = staff_client.get(LIST_URL).content.decode()
    for header in ("Client", "Titre", "État", "Par état", "Programmée",
                   "Par périmètres", "Sans périmètre", "Par outils", "Sans outil"):  # fmt: skip
        assert header in html, header
    html = staff_client.get(LIST_URL, {"etat": "brouillon"}).content.decode()
    assert "Boréal" in html and "Acmé Logiciels" in html
    assert "Boréal" not in staff_client.get(LIST_URL, {"etat": "en-ligne"}).content.decode()
