"""The whole article on one page: each role, its missions, background and alternative titles
edited, reordered and deleted from the article's form (and from the role's own page), with
empty rows ignored, everything saved or nothing, and no silent overwrite between editors."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

from articles.models import Article
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """The fields a browser submits from the page's main form: no <template> rows, no
    Django empty form, unchecked boxes left out."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self.skip = []  # (tag, depth) of the region being skipped
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skip:
            if tag == self.skip[-1][0]:
                self.skip[-1][1] += 1
            return
        if tag == "template" or "empty-form" in (attrs.get("class") or "").split():
            self.skip.append([tag, 1])
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self.add(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if self.skip:
            if tag == self.skip[-1][0]:
                self.skip[-1][1] -= 1
                if not self.skip[-1][1]:
                    self.skip.pop()
            return
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea and not self.skip:
            self.data[self.textarea] += (
                data.removeprefix("\n") if not self.data[self.textarea] else data
            )

    def add(self, name, value):
        if name in self.data:
            previous = self.data[name]
            self.data[name] = (
                [*previous, value] if isinstance(previous, list) else [previous, value]
            )
        else:
            self.data[name] = value


def opened(client, url):
    """The form of the page at `url`, as a browser would submit it untouched."""
    response = client.get(url)
    assert response.status_code == 200
    reader = FormReader()
    reader.feed(response.content.decode())
    reader.data.pop("_save", None)
    return reader.data


def prefix_of(data, text):
    """The field prefix of the row whose text (or title) is `text`."""
    for name, value in data.items():
        if value == text and re.search(r"-(text|title)$", name):
            return name.rsplit("-", 1)[0]
    raise AssertionError(f"no row holds {text!r}")


def add_row(data, formset, **fields):
    total = int(data[f"{formset}-TOTAL_FORMS"])
    data[f"{formset}-TOTAL_FORMS"] = str(total + 1)
    data.update({f"{formset}-{total}-{name}": value for name, value in fields.items()})
    return f"{formset}-{total}"


@pytest.fixture
def coach(make_article):
    article = make_article("Les rôles du RevOps", slug="roles-revops", status=Article.Status.DRAFT)
    role = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    Mission.objects.create(role=role, position=1, text="Former les équipes")
    Mission.objects.create(role=role, position=2, text="Tenir le playbook à jour")
    BackgroundItem.objects.create(role=role, position=1, text="Cinq ans de vente")
    AlternativeTitle.objects.create(role=role, position=1, title="Enablement Manager", note="court")
    return role


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def texts(role):
    return [m.text for m in role.missions.all()]


def test_the_article_page_shows_each_role_whole_with_wide_items(staff_client, coach):
    """Each role is a block that folds, with its title and nickname in its summary, and its
    lists as wide multi-line fields: no order number to type, no text repeated as a label."""
    html = staff_client.get(change_url(coach.article)).content.decode()
    summary = re.search(r'<summary class="role-block__summary">(.*?)</summary>', html, re.S)
    assert "Coach" in summary.group(1) and "le mentor" in summary.group(1)
    assert re.search(r'<textarea name="roles-0-missions-0-text"[^>]*>\s*Former les équipes', html)
    assert (
        'name="roles-0-missions-0-position"' in html
        and 'type="hidden" name="roles-0-order"' in html
    )
    assert html.count("Former les équipes") == 1  # the text, not a label above it as well
    for heading in ("Missions principales", "expérience préalable", "certifications recommandées",
                    "Autres intitulés du poste", "Article dédié"):  # fmt: skip
        assert heading in html
    assert ">Monter<" in html and ">Descendre<" in html and "sort-handle" in html
    assert "js/admin-roles.js" in html and "<script>" not in html  # the admin's CSP: no inline


def test_items_are_created_changed_reordered_and_deleted_from_the_article_page(staff_client, coach):
    """One save of the article form edits the role's lists; an empty added row creates
    nothing, a cleared item is deleted, and the new order is the public page's order."""
    data = opened(staff_client, change_url(coach.article))
    first, second = (
        prefix_of(data, "Former les équipes"),
        prefix_of(data, "Tenir le playbook à jour"),
    )
    data[f"{first}-text"] = "Former   les équipes\r\ncommerciales"
    data[f"{first}-position"], data[f"{second}-position"] = "2", "1"
    add_row(data, "roles-0-missions", position="3", text="Animer les rituels")
    add_row(data, "roles-0-missions", position="4", text="   ")  # an empty row left behind
    add_row(data, "roles-0-background", kind="certification", position="1", text="HubSpot")
    data[f"{prefix_of(data, 'Cinq ans de vente')}-text"] = ""  # cleared: deleted
    data[f"{prefix_of(data, 'Enablement Manager')}-DELETE"] = "on"
    response = staff_client.post(change_url(coach.article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert texts(coach) == [
        "Tenir le playbook à jour", "Former les équipes commerciales", "Animer les rituels",
    ]  # fmt: skip
    assert [(b.kind, b.text) for b in coach.background.all()] == [("certification", "HubSpot")]
    assert not coach.alternative_titles.exists()
    page = staff_client.get("/blog/roles-revops/coach/").content.decode()
    assert (
        page.index("Tenir le playbook")
        < page.index("Former les équipes")
        < page.index("Animer les rituels")
    )
    history = Mission.history.filter(role_id=coach.pk)
    assert history.filter(history_type="+", text="Animer les rituels").exists()
    assert history.filter(history_type="~", text="Former les équipes commerciales").exists()
    assert BackgroundItem.history.filter(role_id=coach.pk, history_type="-").exists()


def test_a_role_added_on_the_article_page_comes_with_its_items_and_place(staff_client, coach):
    """A new role, its missions typed before the first save, placed first by the editor."""
    data = opened(staff_client, change_url(coach.article))
    data["roles-0-order"] = "2"
    new = add_row(data, "roles", order="1", title="Analyste", slug="analyste", nickname="",
                  intro="", version="0", opened="")  # fmt: skip
    for formset in ("missions", "background", "alternative_titles"):
        data.update({f"{new}-{formset}-TOTAL_FORMS": "0", f"{new}-{formset}-INITIAL_FORMS": "0"})
    add_row(data, f"{new}-missions", position="", text="Mesurer le pipeline")
    add_row(data, f"{new}-missions", position="", text="Prévoir le trimestre")
    add_row(data, f"{new}-missions", position="", text="")
    add_row(data, f"{new}-alternative_titles", position="1", title="Revenue Analyst", note="")
    response = staff_client.post(change_url(coach.article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = coach.article
    assert [r.title for r in article.roles.all()] == ["Analyste", "Coach"]
    analyst = article.roles.get(slug="analyste")
    assert texts(analyst) == ["Mesurer le pipeline", "Prévoir le trimestre"]
    assert [t.title for t in analyst.alternative_titles.all()] == ["Revenue Analyst"]
    html = staff_client.get("/blog/roles-revops/").content.decode()
    assert html.index("Analyste") < html.index("Coach")


def test_an_item_refused_saves_nothing_of_the_article(staff_client, coach):
    """Atomic: one item too long refuses the whole form, the article and the other items
    included, and says where."""
    data = opened(staff_client, change_url(coach.article))
    data["title"] = "Titre changé en même temps"
    data["roles-0-nickname"] = "le guide"
    data[f"{prefix_of(data, 'Former les équipes')}-text"] = "Changée"
    add_row(data, "roles-0-missions", position="3", text="x" * 1001)
    response = staff_client.post(change_url(coach.article), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "est à corriger" in html and "1000 caractères" in html
    coach.refresh_from_db()
    assert coach.nickname == "le mentor" and texts(coach) == [
        "Former les équipes", "Tenir le playbook à jour",
    ]  # fmt: skip
    assert Article.objects.get(pk=coach.article_id).title == "Les rôles du RevOps"


def test_lists_changed_elsewhere_are_never_put_back_silently(staff_client, coach):
    """Editor A opened the article; B changed the coach's missions on the role page. A saving
    without touching the coach keeps B's missions; A changing them too is refused, both
    versions shown, nothing written."""
    url = change_url(coach.article)
    page_a = opened(staff_client, url)
    page_b = opened(staff_client, f"/admin/roles/role/{coach.pk}/change/")
    page_b[f"{prefix_of(page_b, 'Former les équipes')}-text"] = "Version de B"
    assert staff_client.post(f"/admin/roles/role/{coach.pk}/change/", page_b).status_code == 302

    untouched = dict(page_a, body="Texte revu par A.")
    assert staff_client.post(url, untouched).status_code == 302
    assert texts(coach) == ["Version de B", "Tenir le playbook à jour"]
    assert Article.objects.get(pk=coach.article_id).body == "Texte revu par A."

    page_a = opened(staff_client, url)
    page_b = opened(staff_client, f"/admin/roles/role/{coach.pk}/change/")
    add_row(page_b, "missions", position="3", text="Ajout de B")
    assert staff_client.post(f"/admin/roles/role/{coach.pk}/change/", page_b).status_code == 302
    page_a[f"{prefix_of(page_a, 'Version de B')}-text"] = "Version de A"
    response = staff_client.post(url, page_a)
    html = response.content.decode()
    assert response.status_code == 200 and "Conflit : ce rôle a été modifié" in html
    assert "Ajout de B" in html and "Version de A" in html and "Missions" in html
    assert texts(coach) == ["Version de B", "Tenir le playbook à jour", "Ajout de B"]


def test_a_list_reordered_elsewhere_keeps_its_order_when_untouched_here(
    staff_client, staff_user, coach
):
    """Another editor (another session) reorders the coach's missions on its page while the
    article is open here: saving the article does not put the old order back."""
    other = Client()
    other.force_login(staff_user)
    page_a = opened(staff_client, change_url(coach.article))
    role_url = f"/admin/roles/role/{coach.pk}/change/"
    page_b = opened(other, role_url)
    first = prefix_of(page_b, "Former les équipes")
    second = prefix_of(page_b, "Tenir le playbook à jour")
    page_b[f"{first}-position"], page_b[f"{second}-position"] = "2", "1"
    assert other.post(role_url, page_b).status_code == 302
    assert staff_client.post(change_url(coach.article), page_a).status_code == 302
    assert texts(coach) == ["Tenir le playbook à jour", "Former les équipes"]


def test_the_role_page_edits_the_same_lists(staff_client, coach):
    """The role's own page shows the same wide, ordered lists and saves them the same way."""
    url = f"/admin/roles/role/{coach.pk}/change/"
    html = staff_client.get(url).content.decode()
    assert re.search(r'<textarea name="missions-0-text"[^>]*>\s*Former les équipes', html)
    assert "Missions principales" in html and "Ajouter une mission" in html
    data = opened(staff_client, url)
    first, second = (
        prefix_of(data, "Former les équipes"),
        prefix_of(data, "Tenir le playbook à jour"),
    )
    data[f"{first}-position"], data[f"{second}-position"] = "2", "1"
    add_row(data, "missions", position="", text="")
    assert staff_client.post(url, data).status_code == 302
    assert texts(coach) == ["Tenir le playbook à jour", "Former les équipes"]


def test_the_preview_shows_the_roles_in_their_new_order(staff_client, coach):
    """The preview of unsaved changes follows the order the editor gave the roles."""
    Role.objects.create(article=coach.article, title="Analyste", slug="analyste", order=5)
    data = opened(staff_client, change_url(coach.article))
    index = next(n for n in range(2) if data[f"roles-{n}-slug"] == "analyste")
    data[f"roles-{index}-order"], data[f"roles-{1 - index}-order"] = "1", "2"
    html = staff_client.post(
        f"/admin/articles/article/{coach.article_id}/apercu/", data
    ).content.decode()
    assert html.index("Analyste") < html.index("Coach")
    assert coach.article.roles.first().title == "Coach"  # nothing saved


def test_the_demo_article_saved_untouched_writes_no_role_and_fits_the_field_limit(
    staff_client, settings
):
    """The five-role demo article: its form stays well under Django's limit on submitted
    fields, and saving it unchanged writes none of its roles or items (no history noise)."""
    call_command("import_markdown", str(settings.BASE_DIR / "content"), verbosity=0)
    article = Article.objects.get(slug="equipe-revops-cinq-roles")
    assert article.roles.count() == 5
    data = opened(staff_client, change_url(article))
    fields = sum(len(v) if isinstance(v, list) else 1 for v in data.values())
    assert fields < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 2, fields
    versions = dict(article.roles.values_list("pk", "version"))
    records = Mission.history.count() + Role.history.count()
    assert staff_client.post(change_url(article), data).status_code == 302
    assert dict(article.roles.values_list("pk", "version")) == versions
    assert Mission.history.count() + Role.history.count() == records


def test_a_reader_of_the_admin_sees_the_lists_without_fields(client, django_user_model, coach):
    """Someone who may only view articles reads each role's lists, with nothing to type,
    drag or add."""
    user = django_user_model.objects.create_user(username="lecture", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_article", "view_role"]))
    client.force_login(user)
    for url in (change_url(coach.article), f"/admin/roles/role/{coach.pk}/change/"):
        html = client.get(url).content.decode()
        assert "Tenir le playbook à jour" in html and "Enablement Manager (court)" in html
        assert "missions-0-text" not in html and "Ajouter une mission" not in html
        assert 'class="sort-move"' not in html


def test_a_browser_save_of_an_imported_article_changes_no_line_ending(staff_client, settings):
    """Browsers send textareas with CRLF line ends; an imported article saved as it is keeps
    its LF text: no « mise en forme » revision in its history, an export as it came."""
    call_command("import_markdown", str(settings.BASE_DIR / "content"), verbosity=0)
    article = Article.objects.get(slug="equipe-revops-cinq-roles")
    body, intros = article.body, dict(article.roles.values_list("pk", "intro"))
    data = opened(staff_client, change_url(article))
    as_sent = {
        key: value.replace("\n", "\r\n") if isinstance(value, str) and "\n" in value else value
        for key, value in data.items()
    }
    assert any("\r\n" in v for v in as_sent.values() if isinstance(v, str))
    revisions = article.history.count()
    assert staff_client.post(change_url(article), as_sent).status_code == 302
    article.refresh_from_db()
    assert "\r" not in article.body, repr(article.body[-40:])
    assert article.body == body
    assert dict(article.roles.values_list("pk", "intro")) == intros
    assert article.history.count() == revisions + 1
    latest = article.history.first()
    changed = [c.field for c in latest.diff_against(latest.prev_record).changes]
    assert changed == ["version"]  # every save moves the version on; nothing else changed
