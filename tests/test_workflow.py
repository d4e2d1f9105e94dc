"""Editorial workflow: scheduling, checklist, previews, history, conflicts, redirects."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Redirect
from articles.preview import make_token
from roles.models import AlternativeTitle, Mission, Role

pytestmark = pytest.mark.django_db


# --- Scheduling --------------------------------------------------------------------------


def test_scheduled_article_appears_by_itself_at_its_time_everywhere(client, make_article, make_tag):
    """Invisible before its time in every listing, feed, sitemap and search; visible after."""
    ops = make_tag("ops", "L'Ops")
    make_article("Déjà en ligne", slug="en-ligne", tags=[ops])
    at = timezone.now() + timedelta(hours=2)
    make_article("Programmé pour midi", slug="programme", tags=[ops], published_at=at)
    urls = ["/blog/", "/blog/tag/ops/", "/blog/?tag=ops", "/blog/flux/rss/", "/blog/flux/atom/",
            "/blog/tag/ops/rss/", "/sitemap.xml", "/blog/recherche/?q=programme"]  # fmt: skip
    with time_machine.travel(at - timedelta(minutes=1), tick=False):
        for url in urls:
            assert "Programmé pour midi" not in client.get(url).content.decode(), url
        assert b"/blog/programme/" not in client.get("/sitemap.xml").content
        assert client.get("/blog/programme/").status_code == 404
    with time_machine.travel(at + timedelta(minutes=1), tick=False):
        for url in urls[:6] + urls[7:]:
            assert "Programmé pour midi" in client.get(url).content.decode(), url
        assert b"/blog/programme/" in client.get("/sitemap.xml").content
        assert client.get("/blog/programme/").status_code == 200


def test_unpublish_date_takes_the_article_down(client, make_article):
    until = timezone.now() + timedelta(days=1)
    make_article("Éphémère", slug="ephemere", unpublish_at=until)
    assert client.get("/blog/ephemere/").status_code == 200
    with time_machine.travel(until + timedelta(seconds=1), tick=False):
        assert client.get("/blog/ephemere/").status_code == 404
        assert "Éphémère" not in client.get("/blog/").content.decode()


# --- Checklist and actions -----------------------------------------------------------------


def change_data(client, article):
    """The change form's own data, as a browser would submit it."""
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "tags":
            data[name] = [str(t.pk) for t in (value or [])]
        elif name == "published_at":
            local = timezone.localtime(value)
            data["published_at_0"], data["published_at_1"] = (
                local.strftime("%d/%m/%Y"),
                local.strftime("%H:%M:%S"),
            )
        elif name == "unpublish_at":
            data["unpublish_at_0"] = data["unpublish_at_1"] = ""
        elif name == "front_matter_extra":
            data[name] = "{}"
        elif hasattr(value, "pk"):
            data[name] = str(value.pk)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    roles = list(article.roles.all())
    data.update({"roles-TOTAL_FORMS": str(len(roles)), "roles-INITIAL_FORMS": str(len(roles)),
                 "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000"})  # fmt: skip
    for n, role in enumerate(roles):
        data.update({f"roles-{n}-id": str(role.pk), f"roles-{n}-article": str(article.pk),
                     f"roles-{n}-order": str(role.order), f"roles-{n}-title": role.title,
                     f"roles-{n}-slug": role.slug, f"roles-{n}-nickname": role.nickname,
                     f"roles-{n}-intro": role.intro, f"roles-{n}-version": str(role.version)})  # fmt: skip
    return data


def test_checklist_is_shown_on_the_form(staff_client, make_article):
    article = make_article(
        "Court", slug="court", status=Article.Status.DRAFT, body="[x](/blog/absent/)"
    )
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "liste de contrôle avant publication" in html.lower()
    assert "Titre de 5 caractères : visez 20 à 65" in html  # warning
    assert "Aucun tag : ajoutez-en au moins un." in html  # error
    assert "Liens internes cassés : /blog/absent/ (article inconnu)." in html


def test_checklist_errors_block_publishing_and_warnings_do_not(
    staff_client, make_article, make_tag
):
    article = make_article(
        "Court", slug="court", status=Article.Status.DRAFT, body="[x](/blog/absent/)"
    )
    data = change_data(staff_client, article)
    data["status"] = "published"
    html = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).content.decode()
    assert "Publication impossible" in html and "Aucun tag" in html and "/blog/absent/" in html
    article.refresh_from_db()
    assert article.status == "draft"
    data = change_data(staff_client, article)
    data.update(status="published", body="Texte sans lien.", tags=[str(make_tag("ops").pk)])
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302  # the short title is only a warning
    article.refresh_from_db()
    assert article.status == "published"


def test_publish_now_unpublish_and_duplicate_actions(staff_client, make_article, make_tag):
    """« Dépublier » takes an article down now (the list says « Dépublié le … ») and
    « Publier maintenant » brings it back."""
    ready = make_article("Prêt à paraître, titre assez long", slug="pret",
                         status=Article.Status.DRAFT, tags=[make_tag("ops")],
                         published_at=timezone.now() + timedelta(days=3))  # fmt: skip
    blocked = make_article(
        "Sans tag, il attendra son tour", slug="bloque", status=Article.Status.DRAFT
    )
    role = Role.objects.create(article=ready, title="Coach", slug="coach", nickname="le mentor")
    Mission.objects.create(role=role, position=1, text="Former")
    AlternativeTitle.objects.create(role=role, position=1, title="Mentor", note="parfois")
    url = "/admin/articles/article/"
    response = staff_client.post(
        url, {"action": "publish_now", "_selected_action": [ready.pk, blocked.pk]}, follow=True
    )
    html = response.content.decode()
    assert "1 article(s) publié(s)." in html and "n&#x27;est pas publié : Aucun tag" in html
    ready.refresh_from_db()
    assert ready.is_published() and ready.published_at <= timezone.now()
    response = staff_client.post(
        url, {"action": "unpublish", "_selected_action": [ready.pk]}, follow=True
    )
    assert "1 article(s) dépublié(s) : hors ligne dès maintenant." in response.content.decode()
    ready.refresh_from_db()
    assert not ready.is_published() and ready.unpublish_at <= timezone.now()
    listed = staff_client.get(url).content.decode()
    assert "Dépublié" in listed and "le " in listed.split("Dépublié", 1)[1][:200]
    staff_client.post(url, {"action": "publish_now", "_selected_action": [ready.pk]})
    ready.refresh_from_db()
    assert ready.is_published() and ready.unpublish_at is None
    staff_client.post(url, {"action": "duplicate_as_draft", "_selected_action": [ready.pk]})
    copy_ = Article.objects.get(slug="pret-copie")
    assert copy_.status == "draft" and copy_.title.endswith("(copie)")
    copied_role = copy_.roles.get()
    assert copied_role.pk != role.pk and copied_role.nickname == "le mentor"
    assert list(copied_role.missions.values_list("text", flat=True)) == ["Former"]
    assert [t.slug for t in copy_.tags.all()] == ["ops"]


# --- Previews ------------------------------------------------------------------------------


def test_staff_preview_of_unsaved_changes_uses_the_public_template(
    staff_client, client, make_article
):
    article = make_article("Titre enregistré", slug="apercu-test", status=Article.Status.DRAFT)
    Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor", order=1)
    data = change_data(staff_client, article)
    data.update(title="Titre pas encore enregistré", body="## Nouvelle section\n\nNouveau texte.")
    data["roles-0-nickname"] = "le guide pas encore enregistré"
    response = staff_client.post(f"/admin/articles/article/{article.pk}/apercu/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Titre pas encore enregistré</h1>" in html and "Nouveau texte." in html
    assert "le guide pas encore enregistré" in html and "le mentor" not in html
    assert '<meta name="robots" content="noindex">' in html
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    article.refresh_from_db()
    assert article.title == "Titre enregistré"  # nothing saved
    anonymous = Client().post(f"/admin/articles/article/{article.pk}/apercu/", data)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def new_article_data(author, **fields):
    """The add form of an article as a browser sends it, with one role in its inline."""
    data = {
        "title": "Un article jamais enregistré", "slug": "jamais-enregistre",
        "author": str(author.pk), "status": "draft", "body": "## Première partie\n\nTexte neuf.",
        "excerpt": "", "description": "", "front_matter_extra": "{}", "version": "0",
        "published_at_0": "", "published_at_1": "", "unpublish_at_0": "", "unpublish_at_1": "",
        "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0", "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000", "roles-0-title": "Coach", "roles-0-slug": "coach",
        "roles-0-nickname": "le mentor du brouillon", "roles-0-order": "1", "roles-0-intro": "",
        "roles-0-version": "0",
    }  # fmt: skip
    for prefix in ("missions", "background", "alternative_titles"):
        data.update({f"roles-0-{prefix}-TOTAL_FORMS": "0", f"roles-0-{prefix}-INITIAL_FORMS": "0",
                     f"roles-0-{prefix}-MIN_NUM_FORMS": "0",
                     f"roles-0-{prefix}-MAX_NUM_FORMS": "1000"})  # fmt: skip
    return {**data, **fields}


def test_a_new_article_previews_like_a_saved_one_with_its_roles(staff_client, author):
    """The preview of the add form: the public page of the article as typed, its roles from
    the inline, nothing saved."""
    response = staff_client.post("/admin/articles/article/apercu/", new_article_data(author))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Un article jamais enregistré</h1>" in html and "Texte neuf." in html
    assert "le mentor du brouillon" in html
    assert '<meta name="robots" content="noindex">' in html
    assert not Article.objects.exists() and not Role.objects.exists()


@pytest.mark.parametrize("slug", ["recherche", "tag", ""])
def test_a_preview_with_an_address_the_blog_cannot_give_says_why(
    staff_client, make_article, author, slug
):
    """A slug the blog keeps for its own pages (or none): « Aperçu impossible », the form's
    reason, a 400, for a saved article and a new one alike."""
    article = make_article("Titre enregistré", slug="un-titre", status=Article.Status.DRAFT)
    data = change_data(staff_client, article)
    for url, sent in ((f"/admin/articles/article/{article.pk}/apercu/", data),
                      ("/admin/articles/article/apercu/", new_article_data(author))):  # fmt: skip
        response = staff_client.post(url, {**sent, "slug": slug})
        html = response.content.decode()
        assert response.status_code == 400
        assert "Aperçu impossible" in html
        assert ("réservé par le blog" in html) if slug else ("obligatoire" in html)


def test_a_preview_with_a_role_without_an_address_says_which(staff_client, author):
    response = staff_client.post(
        "/admin/articles/article/apercu/", new_article_data(author, **{"roles-0-slug": "a b"})
    )
    assert response.status_code == 400
    assert "Aperçu impossible : Rôle « Coach », adresse : " in response.content.decode()


def test_shared_preview_link_for_reviewers_expires_and_can_be_revoked(
    staff_client, make_article, settings
):
    reviewer = Client()  # no account
    article = make_article("Brouillon à relire", slug="a-relire", status=Article.Status.DRAFT)
    Role.objects.create(article=article, title="Coach", slug="coach")
    other = make_article("Autre brouillon", slug="autre", status=Article.Status.DRAFT)
    token = make_token(article)
    response = reviewer.get(f"/blog/apercu/{token}/")
    html = response.content.decode()
    assert response.status_code == 200 and "Brouillon à relire" in html
    assert response["Cache-Control"] == "private, no-store"
    assert f'href="/blog/apercu/{token}/coach/"' in html
    assert reviewer.get(f"/blog/apercu/{token}/coach/").status_code == 200
    assert reviewer.get("/blog/a-relire/").status_code == 404  # only through the link
    forged = make_token(other)[:-3] + "abc"
    assert reviewer.get(f"/blog/apercu/{forged}/").status_code == 404
    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE + 60)
    ):
        assert reviewer.get(f"/blog/apercu/{token}/").status_code == 404
    share = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "/blog/apercu/" in share and "valable 7 jours" in share
    staff_client.post(
        "/admin/articles/article/",
        {"action": "revoke_preview_links", "_selected_action": [article.pk]},
    )
    assert reviewer.get(f"/blog/apercu/{token}/").status_code == 404
    assert (
        reviewer.get(f"/blog/apercu/{make_token(Article.objects.get(pk=article.pk))}/").status_code
        == 200
    )


# --- History and conflicts -------------------------------------------------------------------


def test_every_save_keeps_a_revision_with_who_when_and_a_readable_diff(
    staff_client, staff_user, make_article
):
    article = make_article(
        "Historique", slug="historique", body="Première phrase.", status=Article.Status.DRAFT
    )
    data = change_data(staff_client, article)
    data["body"] = "Première phrase.\nDeuxième phrase ajoutée."
    assert (
        staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    )
    latest = article.history.first()
    assert latest.history_user == staff_user and article.history.count() == 2
    history = staff_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    diff_url = f"/admin/articles/article/{article.pk}/history/{latest.history_id}/diff/"
    assert diff_url in history
    diff = staff_client.get(diff_url).content.decode()
    added = '<ins class="diff-ins"><span class="sr-only">[ajouté : </span>Deuxième phrase ajoutée.'
    assert added in diff
    assert "par redaction" in diff and "Date de publication" not in diff
    first = article.history.last()
    revert = staff_client.get(f"/admin/articles/article/{article.pk}/history/{first.history_id}/")
    assert revert.status_code == 200 and "Première phrase." in revert.content.decode()
    first.instance.save()  # what the admin's « restore » does
    article.refresh_from_db()
    assert article.body == "Première phrase." and article.history.count() == 3


def test_two_editors_do_not_overwrite_each_other_silently(
    staff_client, client, django_user_model, make_article
):
    article = make_article(
        "Partagé", slug="partage", body="Texte d'origine.", status=Article.Status.DRAFT
    )
    other = django_user_model.objects.create_user(
        "second", password="x-long-pass-42", is_staff=True, is_superuser=True
    )
    client.force_login(other)
    first_form = change_data(staff_client, article)
    second_form = change_data(client, article)
    first_form["body"] = "Version de la première rédactrice."
    assert (
        staff_client.post(f"/admin/articles/article/{article.pk}/change/", first_form).status_code
        == 302
    )
    second_form["body"] = "Version du second rédacteur."
    response = client.post(f"/admin/articles/article/{article.pk}/change/", second_form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Conflit : cet article a été modifié par un autre rédacteur" in html
    assert "première rédactrice." in html and "second rédacteur." in html  # words marked
    article.refresh_from_db()
    assert article.body == "Version de la première rédactrice."
    resubmit = dict(second_form, version=re.search(r'name="version" value="(\d+)"', html).group(1))
    assert client.post(f"/admin/articles/article/{article.pk}/change/", resubmit).status_code == 302
    article.refresh_from_db()
    assert article.body == "Version du second rédacteur."


def test_roles_edited_inline_keep_their_identity_and_new_order(staff_client, make_article):
    article = make_article("Rôles", slug="roles-ordre", status=Article.Status.DRAFT)
    first = Role.objects.create(article=article, title="Premier", slug="premier", order=1)
    second = Role.objects.create(article=article, title="Second", slug="second", order=2)
    data = change_data(staff_client, article)
    data["roles-0-order"], data["roles-1-order"] = "2", "1"
    assert (
        staff_client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    )
    assert [(r.pk, r.title) for r in article.roles.all()] == [
        (second.pk, "Second"),
        (first.pk, "Premier"),
    ]


# --- Links that keep working ---------------------------------------------------------------


def test_changing_a_published_slug_leaves_permanent_redirects(client, make_article):
    article = make_article("Déménagement", slug="ancien")
    Role.objects.create(article=article, title="Coach", slug="coach")
    article.slug = "nouveau"
    article.save()
    response = client.get("/blog/ancien/")
    assert response.status_code == 301 and response["Location"] == "/blog/nouveau/"
    assert client.get("/blog/ancien/coach/")["Location"] == "/blog/nouveau/coach/"
    article.slug = "dernier"
    article.save()
    assert client.get("/blog/ancien/")["Location"] == "/blog/dernier/"  # chain collapsed
    article.slug = "ancien"  # back to the first address: it shows the article again
    article.save()
    assert client.get("/blog/ancien/").status_code == 200
    assert not Redirect.objects.filter(new_path="/blog/ancien/", old_path="/blog/ancien/").exists()
    assert client.get("/blog/dernier/")["Location"] == "/blog/ancien/"


def test_role_slug_change_redirects_too(client, make_article):
    article = make_article("Équipe", slug="equipe")
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    role.slug = "mentor"
    role.save()
    assert client.get("/blog/equipe/coach/")["Location"] == "/blog/equipe/mentor/"


def test_draft_slug_changes_leave_no_redirect(make_article):
    article = make_article("Brouillon", slug="brouillon-1", status=Article.Status.DRAFT)
    article.slug = "brouillon-2"
    article.save()
    assert not Redirect.objects.exists()


def test_redirects_are_editable_and_loops_refused(staff_client):
    Redirect.objects.create(old_path="/blog/a/", new_path="/blog/b/")
    assert "/blog/a/" in staff_client.get("/admin/articles/redirect/").content.decode()
    response = staff_client.post(
        "/admin/articles/redirect/add/", {"old_path": "/blog/b/", "new_path": "/blog/a/"}
    )
    assert "Boucle de redirections" in response.content.decode()
    response = staff_client.post(
        "/admin/articles/redirect/add/", {"old_path": "/blog/c/", "new_path": "/blog/c/"}
    )
    assert "ne peut pas mener à elle-même" in response.content.decode()
    assert Redirect.objects.count() == 1


@pytest.mark.parametrize(
    ("recorded", "old", "new"),
    [
        ([], "/blog/x/", "/blog/x"),  # the trailing-slash rule sends /blog/x back to /blog/x/
        ([], "/blog/x/", "/blog/x/?utm_source=lettre"),  # the same page, a query after it
        ([], "/blog/caf%C3%A9/", "/blog/café/?a=1"),  # the same path, escaped or not
        ([("/blog/y", "/blog/z/")], "/blog/z/", "/blog/y"),  # back through a chain
        ([("/blog/b/", "/blog/c")], "/blog/c/", "/blog/b/"),  # a chain and the slash rule
        ([("/blog/a/", "/blog/b/"), ("/blog/b/", "/blog/c/")], "/blog/c/", "/blog/a/"),
    ],
)
def test_a_redirect_that_would_loop_as_the_site_follows_addresses_is_refused(
    staff_client, client, recorded, old, new
):
    """« Boucles refusées »: followed as a reader's browser would (recorded redirects, then the
    site's trailing slash), a redirect leading back to its own address is refused, the hops
    named; nothing is saved."""
    for old_path, new_path in recorded:
        Redirect.objects.create(old_path=old_path, new_path=new_path)
    response = staff_client.post("/admin/articles/redirect/add/",
                                 {"old_path": old, "new_path": new})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Boucle de redirections : " in html
    assert Redirect.objects.count() == len(recorded)


def test_a_redirect_to_a_page_with_its_trailing_slash_is_accepted(staff_client, client):
    """/blog/x → /blog/x/ is how the site itself answers: no loop, the redirect is saved."""
    response = staff_client.post(
        "/admin/articles/redirect/add/", {"old_path": "/blog/ancien", "new_path": "/blog/neuf"}
    )
    assert response.status_code == 302
    assert client.get("/blog/ancien")["Location"] == "/blog/neuf"


@pytest.mark.parametrize("length", [192, 195, 200])
def test_duplicating_an_article_with_a_long_title_fits_its_columns(
    staff_client, make_article, length
):
    """« Dupliquer en brouillon » on a title and an address at their limit: the copies are made
    (twice), their titles cut before « (copie) », their addresses distinct."""
    title, slug = ("Titre très long " * 20)[:length], "a" * length
    article = make_article(title, slug=slug)
    url = "/admin/articles/article/"
    for _ in range(2):
        response = staff_client.post(
            url, {"action": "duplicate_as_draft", "_selected_action": [article.pk]}
        )
        assert response.status_code == 302
    copies = list(Article.objects.exclude(pk=article.pk).order_by("pk"))
    assert len(copies) == 2
    for copy_ in copies:
        assert len(copy_.title) <= 200 and copy_.title.endswith(" (copie)")
        assert copy_.title.startswith(title[:150]) and copy_.status == "draft"
        assert len(copy_.slug) <= 200
    assert copies[0].slug.endswith("-copie") and copies[1].slug.endswith("-copie-2")
    if length + len(" (copie)") > 200:
        assert copies[0].title.endswith("… (copie)")


def test_original_site_url_scheme_keeps_working(client, make_article):
    make_article("Lien importé", slug="lien-importe")
    response = client.get("/blog/lien-importe")
    assert response.status_code == 301 and response["Location"] == "/blog/lien-importe/"
    assert reverse("articles:detail", kwargs={"slug": "lien-importe"}) == "/blog/lien-importe/"


def test_role_revisions_have_a_readable_diff_too(staff_client, staff_user, make_article):
    article = make_article("Équipe", slug="equipe-historique")
    role = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    data = {
        "article": str(article.pk), "order": "1", "title": "Coach", "slug": "coach",
        "nickname": "le guide", "intro": "", "dedicated_url": "", "dedicated_label": "",
        "version": str(role.version),
        **{f"{prefix}-{key}": value for prefix in ("missions", "background", "alternative_titles")
           for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"),
                              ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))},
        "missions-TOTAL_FORMS": "1", "missions-0-position": "1",
        "missions-0-text": "Animer les rituels d'équipe",
    }  # fmt: skip
    assert staff_client.post(f"/admin/roles/role/{role.pk}/change/", data).status_code == 302
    latest = role.history.first()
    assert latest.history_user == staff_user
    diff_url = f"/admin/roles/role/{role.pk}/history/{latest.history_id}/diff/"
    assert diff_url in staff_client.get(f"/admin/roles/role/{role.pk}/history/").content.decode()
    diff = staff_client.get(diff_url).content.decode()
    assert '<h2 id="diff-2">Surnom</h2>' in diff
    assert "[supprimé : </span>mentor" in diff and "[ajouté : </span>guide" in diff
    assert "Ajout — Mission : Animer les rituels d&#x27;équipe" in diff


# --- Roles: no silent overwrite either -------------------------------------------------------


def role_page_data(role, **changes):
    """The role page's form as a browser submits it, opened now."""
    items = {
        f"{prefix}-{key}": value
        for prefix in ("missions", "background", "alternative_titles")
        for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"),
                           ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))
    }  # fmt: skip
    missions = list(role.missions.all())
    items["missions-TOTAL_FORMS"] = items["missions-INITIAL_FORMS"] = str(len(missions))
    for n, mission in enumerate(missions):
        items.update({f"missions-{n}-id": str(mission.pk), f"missions-{n}-role": str(role.pk),
                      f"missions-{n}-position": str(mission.position),
                      f"missions-{n}-text": mission.text})  # fmt: skip
    return {
        "article": str(role.article_id), "order": str(role.order), "title": role.title,
        "slug": role.slug, "nickname": role.nickname, "intro": role.intro,
        "dedicated_url": "", "dedicated_label": "", "version": str(role.version),
        **items, **changes,
    }  # fmt: skip


def test_the_article_form_does_not_put_back_a_role_changed_on_its_own_page(
    staff_client, make_article
):
    """A role changed elsewhere keeps its new version when the article form did not touch it,
    and a role both changed is refused with both versions, nothing lost."""
    article = make_article("Équipe", slug="equipe-conflit", status=Article.Status.DRAFT)
    coach = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    analyst = Role.objects.create(article=article, title="Analyste", slug="analyste", order=2)
    opened = change_data(staff_client, article)  # editor A opens the article
    response = staff_client.post(
        f"/admin/roles/role/{coach.pk}/change/", role_page_data(coach, nickname="le guide")
    )  # editor B renames the coach on its own page
    assert response.status_code == 302
    untouched = dict(opened, body="Texte revu par A.")
    assert (
        staff_client.post(f"/admin/articles/article/{article.pk}/change/", untouched).status_code
        == 302
    )
    coach.refresh_from_db()
    assert coach.nickname == "le guide"  # B's change survived A's save
    assert Article.objects.get(pk=article.pk).body == "Texte revu par A."

    opened = change_data(staff_client, article)
    staff_client.post(
        f"/admin/roles/role/{coach.pk}/change/", role_page_data(coach, nickname="le sage")
    )
    index = next(n for n in range(2) if opened[f"roles-{n}-slug"] == "coach")
    mine = dict(opened, **{f"roles-{index}-nickname": "le maître"})
    html = staff_client.post(f"/admin/articles/article/{article.pk}/change/", mine)
    text = html.content.decode()
    assert html.status_code == 200 and "Conflit : ce rôle a été modifié" in text
    assert "</span>sage<" in text and "</span>maître<" in text  # theirs and mine, marked
    coach.refresh_from_db()
    assert coach.nickname == "le sage"
    assert Role.objects.get(pk=analyst.pk).title == "Analyste"


def test_two_saves_of_a_role_page_do_not_overwrite_each_other(staff_client, make_article):
    """The role page opened before another editor's save is refused, lists included."""
    article = make_article("Équipe", slug="equipe-role-page")
    role = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    first, second = role_page_data(role), role_page_data(role)
    first.update({"missions-TOTAL_FORMS": "1", "missions-0-position": "1",
                  "missions-0-text": "Animer les rituels"})  # fmt: skip
    assert staff_client.post(f"/admin/roles/role/{role.pk}/change/", first).status_code == 302
    second["nickname"] = "le guide"
    response = staff_client.post(f"/admin/roles/role/{role.pk}/change/", second)
    text = response.content.decode()
    assert response.status_code == 200 and "Conflit : ce rôle a été modifié" in text
    assert "Missions" in text and "Animer les rituels" in text
    role.refresh_from_db()
    assert role.nickname == "le mentor" and [m.text for m in role.missions.all()] == [
        "Animer les rituels"
    ]
    resubmit = dict(second, version=re.search(r'name="version" value="(\d+)"', text).group(1))
    assert staff_client.post(f"/admin/roles/role/{role.pk}/change/", resubmit).status_code == 302
    role.refresh_from_db()
    assert role.nickname == "le guide"


def test_preview_of_unsaved_changes_to_a_live_article_says_it_is_live(staff_client, make_article):
    """Changes to an article online: the banner says readers still see the saved version,
    not that the page is unpublished; a draft's preview says it is not published."""
    live = make_article("En ligne", slug="en-ligne")
    data = change_data(staff_client, live)
    data.update(title="En ligne, retouché")
    html = staff_client.post(f"/admin/articles/article/{live.pk}/apercu/", data).content.decode()
    assert (
        "Aperçu de vos modifications non enregistrées\u00a0: l’article est en ligne, "
        "les lecteurs voient la version enregistrée." in html
    )
    assert "n’est pas publiée" not in html
    draft = make_article("Brouillon", slug="brouillon", status=Article.Status.DRAFT)
    data = change_data(staff_client, draft)
    html = staff_client.post(f"/admin/articles/article/{draft.pk}/apercu/", data).content.decode()
    assert (
        "Aperçu de vos modifications non enregistrées\u00a0: cette page n’est pas publiée." in html
    )


def test_unpublishing_a_scheduled_article_makes_it_a_draft(staff_client, make_article, make_tag):
    """A scheduled article was never online: « Dépublier » puts it back to draft."""
    later = make_article("Programmé pour plus tard, titre assez long", slug="plus-tard",
                         status=Article.Status.PUBLISHED, tags=[make_tag("ops")],
                         published_at=timezone.now() + timedelta(days=3))  # fmt: skip
    response = staff_client.post(
        "/admin/articles/article/", {"action": "unpublish", "_selected_action": [later.pk]},
        follow=True,
    )  # fmt: skip
    assert "1 article(s) programmé(s) repassé(s) en brouillon." in response.content.decode()
    later.refresh_from_db()
    assert later.status == Article.Status.DRAFT and later.unpublish_at is None
