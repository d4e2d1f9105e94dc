"""Refused requests (bad Host, too many parameters, CSRF failure, no permission) get French
pages with the right status, with DEBUG on or off."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOO_MANY = "/blog/?" + "&".join(f"p{n}=x" for n in range(1001))


@pytest.mark.parametrize("debug", [False, True])
def test_too_many_query_parameters_is_a_french_400_in_every_mode(settings, debug):
    settings.DEBUG = debug
    response = Client(raise_request_exception=False).get(TOO_MANY)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Requête invalide" in html and "trop de paramètres" in html


@pytest.mark.parametrize("debug", [False, True])
def test_too_many_form_fields_is_a_french_400_in_every_mode(settings, debug):
    settings.DEBUG = debug
    data = {f"p{n}": "x" for n in range(1001)}
    response = Client(raise_request_exception=False).post("/admin/login/", data)
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()


def test_bad_host_is_a_french_400(client):
    response = client.get("/blog/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fr">' in html and "Requête invalide" in html
    assert "Bad Request" not in html


def test_csrf_failure_is_a_french_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulaire expiré ou invalide" in html and "Rechargez la page" in html
    assert "Forbidden" not in html and "CSRF verification failed" not in html


def test_refused_editor_call_is_a_french_403(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("lecteur", password="x"))
    response = client.post(reverse("markdownx_markdownify"), {"content": "*a*"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html and "403 Forbidden" not in html
