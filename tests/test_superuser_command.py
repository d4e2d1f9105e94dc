"""`make superuser` asks in French, checks each answer and creates nothing until all are valid."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

GOOD = "une-phrase-de-passe-solide-42"


def run(answers):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "superuser", stdin=io.StringIO("".join(f"{a}\n" for a in answers)), stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_it_asks_in_french_and_creates_a_superuser():
    out, err = run(["camille", "camille@exemple.fr", GOOD, GOOD])
    assert "Nom d'utilisateur : " in out
    assert "Adresse e-mail (facultative) : " in out
    assert "Mot de passe : " in out and "Mot de passe (confirmation) : " in out
    assert "Compte administrateur « camille » créé." in out
    assert err == ""
    user = User.objects.get(username="camille")
    assert user.is_superuser and user.is_staff and user.check_password(GOOD)
    assert user.email == "camille@exemple.fr"


def test_each_wrong_answer_is_asked_again_with_its_reason(django_user_model):
    django_user_model.objects.create_user("prise", password=GOOD)
    out, err = run(
        ["", "prise", "camille", "pas-une-adresse", "", "court", "court", GOOD, "autre", GOOD, GOOD]
    )
    assert "Erreur : le nom d'utilisateur ne peut pas être vide." in err
    assert "Erreur : le nom « prise » est déjà pris." in err
    assert "Erreur : « pas-une-adresse » n'est pas une adresse e-mail valide." in err
    assert "Ce mot de passe est trop court" in err  # Django's validators, in French
    assert "Erreur : les deux mots de passe ne sont pas identiques." in err
    assert User.objects.get(username="camille").email == ""


def test_the_end_of_the_input_cancels_without_creating_anything():
    with pytest.raises(CommandError, match="Création annulée"):
        run(["camille", "camille@exemple.fr", GOOD])
    assert not User.objects.filter(username="camille").exists()
