"""A staff account holding every view permission and no other walks every address of the site
(each admin page, the pages an admin adds of its own, the editor's endpoints, the import page,
the list actions), opens each and sends each the form an editor allowed to write would send:
nothing answers 500, and no row and no file changes."""

import hashlib
import re
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver

from articles.models import Article, Author, ImageAsset, Redirect, Tag
from articles.preview import make_token
from clients.models import CaseStudy, Deliverable, Quote, Scope, Tool
from clients.preview import make_token as make_case_study_token
from roles.models import Mission, Role
from series.models import Series, SeriesEntry
from tests.conftest import image_bytes
from tests.html_forms import Forms, submitted

pytestmark = pytest.mark.django_db

# What a request may write whoever sends it: the session of the one who is logged in.
NOT_CONTENT = {"sessions.Session"}
# Signing in and out are no permission matter (a failed sign-in is recorded by design, and
# signing out would end the walk): opened, not sent.
SESSION_PAGES = {"admin:login", "admin:logout"}

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\([^)]*\)")
MARKDOWN_FILE = b"---\ntitle: Un article importe\nslug: importe\n---\n\nTexte.\n"


# --- The site's content ----------------------------------------------------------------------


@pytest.fixture
def world(make_article, make_asset, make_tag, staff_user, committed):
    """One row of each model an admin page shows, articles and roles with two revisions (so
    that restoring the first would change something)."""
    asset = make_asset(caption="Schéma du cycle")
    tag = make_tag("ops", "L'Ops")
    article = make_article("Un article lu", slug="article-lu", tags=[tag], hero_image=asset,
                           body=f"## Le cycle\n\n![Schéma]({asset.pk})")  # fmt: skip
    with committed():
        role = Role.objects.create(article=article, title="Coach", slug="coach", image=asset,
                                   nickname="le mentor")  # fmt: skip
        Mission.objects.create(role=role, position=1, text="Animer les rituels")
        article.title, role.nickname = "Un article lu, revu", "le guide"
        article.save()
        role.save()
        scope = Scope.objects.create(name="Négociation", slug="negociation")
        tool = Tool.objects.create(name="Hubspot", slug="hubspot")
        case_study = CaseStudy.objects.create(name="Acmé", slug="acme", title="Un cycle réduit",
                                              hero_image=asset, body="## Le contexte")  # fmt: skip
        case_study.scopes.add(scope)
        case_study.tools.add(tool)
        Quote.objects.create(case_study=case_study, position=1, text="« Enfin clair. »")
        Deliverable.objects.create(case_study=case_study, position=1, text="Un tableau de bord")
        case_study.subtitle = "Un éditeur"
        case_study.save()
    fields = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x", "http_accept": "*",
              "path_info": "/admin/login/"}  # fmt: skip
    return {
        Article: article,
        Role: role,
        CaseStudy: case_study,
        Scope: scope,
        Tool: tool,
        ImageAsset: asset,
        Tag: tag,
        Author: article.author,
        Redirect: Redirect.objects.create(old_path="/ancienne/", new_path="/blog/article-lu/"),
        Group: Group.objects.create(name="Rédaction"),
        User: staff_user,
        AccessAttempt: AccessAttempt.objects.create(
            **fields, get_data="", post_data="", failures_since_start=1
        ),
        AccessLog: AccessLog.objects.create(**fields),
        AccessFailureLog: AccessFailureLog.objects.create(**fields),
        Series: series_with(article),
    }


def series_with(article):
    series = Series.objects.create(title="Le podcast", slug="le-podcast", kind="podcast")
    SeriesEntry.objects.create(series=series, article=article, position=1)
    return series


@pytest.fixture
def viewer(django_user_model):
    """Staff holding every view_* permission, and nothing else."""
    user = django_user_model.objects.create_user("lecteur", password="x-" * 10, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(staff_user):
    client = Client()
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def pending_imports(settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "imports"


def snapshot(settings):
    """Each table's row count and a digest of its rows, and the files under the media and
    pending-import folders."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in NOT_CONTENT:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    for folder in (settings.MEDIA_ROOT, settings.PENDING_IMPORT_DIR):
        state[str(folder)] = sorted(str(p) for p in folder.rglob("*")) if folder.exists() else []
    return state


def changed(before, after):
    return sorted(key for key in after if before.get(key) != after[key])


# --- Every address, with real ids ------------------------------------------------------------


def routes(patterns, prefix="", name_prefix=""):
    """(route, name) of every URL pattern below `patterns`, regex anchors dropped."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^").removesuffix("$")
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from routes(pattern.url_patterns, route, name_prefix + namespace)
        else:
            yield route, f"{name_prefix}{pattern.name}" if pattern.name else None


def fill(route, named, positional=()):
    positional = list(positional)

    def value(match):
        name = match.group(1) or match.group(2)
        if name is None:
            return str(positional.pop(0))
        assert name in named, f"no value for <{name}> in {route}: give the walk one"
        return str(named[name])

    return "/" + PARAMETER.sub(value, route)


SERIES_PAGES = ("series:detail", "series:feed_rss", "series:feed_atom")


def addresses(world):
    """Every address the site answers, filled with the ids of `world`, with its URL name."""
    article, role, tag = world[Article], world[Role], world[Tag]
    by_prefix = {
        f"admin/{model._meta.app_label}/{model._meta.model_name}/": model
        for model in admin.site._registry
    }
    token = make_token(article)
    blog = {
        "slug": article.slug, "tag_slug": tag.slug, "token": token,
        "article_slug": article.slug,
    }  # fmt: skip
    by_name = {  # where one parameter name means different things
        "articles:tag_feed_rss": {"slug": tag.slug},
        "articles:tag_feed_atom": {"slug": tag.slug},
        "articles:author": {"slug": article.author.slug},
        "roles:detail": {"article_slug": article.slug, "slug": role.slug},
        "roles:shared_preview": {"token": token, "slug": role.slug},
        "admin:clients_casestudy_shared_preview": {
            "token": make_case_study_token(world[CaseStudy])
        },
        **{name: {"slug": "le-podcast"} for name in SERIES_PAGES},
    }
    site = {
        "content_type_id": ContentType.objects.get_for_model(Article).pk,
        "object_id": article.pk,
        "app_label": "articles",
        "url": "rien-ici/",
        "rest": f"{role.pk}/change/",  # the old address of the role pages
        "path": world[ImageAsset].file.name,  # media, when Django serves them
    }
    for route, name in routes(get_resolver().url_patterns):
        model = next((m for p, m in by_prefix.items() if route.startswith(p)), None)
        if model is not None:
            obj = world[model]
            revision = (
                obj.history.order_by("history_id").first() if hasattr(obj, "history") else None
            )
            ids = {"object_id": quote(str(obj.pk)), "id": obj.pk,
                   "history_id": revision.history_id if revision else 0}  # fmt: skip
            named = {**ids, **by_name.get(name, {})}  # the share link's token
            yield fill(route, named, [ids["object_id"], ids["history_id"]]), name, model
        else:
            yield fill(route, {**site, **blog, **by_name.get(name, {})}), name, None


# --- The forms an editor would send ----------------------------------------------------------


def form_payload(client, url):
    """The main form of the page at `url` as an editor allowed to write opens it: its fields
    and, for each file input, a small file of the kind it asks for."""
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return {}
    form = Forms.main(response.content.decode())
    if form is None:
        return {}
    data = submitted(form)
    if "tags" in data:  # and a tag created from a label while writing
        data["tags"].append("nouveau:Un tag neuf")
    for name, accept in form["files"]:
        image = "image" in accept or name == "image" or "/imageasset/" in url
        data[name] = (
            SimpleUploadedFile("figure.png", image_bytes(), "image/png")
            if image
            else SimpleUploadedFile("article.md", MARKDOWN_FILE, "text/markdown")
        )
    return data


def as_new(data):
    """A change form's data turned into an add form's: new slugs and names, no row ids."""
    new = {}
    for name, value in data.items():
        if name.endswith("-id"):
            continue
        if name.endswith("INITIAL_FORMS"):
            value = ["0"]
        elif name in ("slug", "name", "username", "old_path", "title"):
            value = [f"{v.rstrip('/')}-nouveau" for v in value]
        new[name] = value
    return new


def payloads(editor, url, name, model, world):
    """What to send to `url`: the page's own form, or the form that sends to it."""
    obj = world.get(model)
    change = f"/admin/{model._meta.app_label}/{model._meta.model_name}/" if model else ""
    if name and name.endswith("_add"):
        return [as_new(form_payload(editor, f"{change}{obj.pk}/change/"))]
    if name == "admin:articles_article_preview":
        return [form_payload(editor, f"{change}{obj.pk}/change/")]
    if name == "admin:articles_article_preview_new":
        return [form_payload(editor, f"{change}add/")]
    if name == "markdownx_markdownify":
        return [{"content": "## Titre\n\nTexte."}]
    if name == "markdownx_upload":
        return [{"image": SimpleUploadedFile("a.png", image_bytes(), "image/png"), "alt": "x"}]
    if name == "share_preview":
        return [{"title": "Titre", "slug": "titre", "description": "Une description."}]
    if name and name.endswith("_changelist"):
        # Each action the list offers an editor, on one row, confirmed (« Oui, je suis sûr »).
        request = editor.get(url).wsgi_request
        actions = admin.site._registry[model].get_actions(request)
        return [
            {"action": action, "_selected_action": [str(obj.pk)], "index": "0", "post": "yes"}
            for action in actions
        ] + [form_payload(editor, url)]
    return [form_payload(editor, url)]


# --- The walk --------------------------------------------------------------------------------


def send(client, method, url, data=None):
    try:
        if method == "GET":
            return client.get(url).status_code
        return client.post(url, data or {}).status_code
    except Exception as exc:  # noqa: BLE001 (every failure is listed, not just the first)
        return f"{type(exc).__name__}: {exc}"


def test_a_view_only_account_changes_nothing_anywhere(viewer, editor, world, settings):
    """Every address opened and sent its editor's form by a view-only account: no 500 (or
    exception), and not one row or file changed by any of them."""
    walked, failures, writes = set(), [], []
    before = snapshot(settings)
    for url, name, model in addresses(world):
        walked.add(name or url)
        status = send(viewer, "GET", url)
        if not isinstance(status, int) or status >= 500:
            failures.append(f"GET {url}: {status}")
        if name in SESSION_PAGES:
            continue
        for data in payloads(editor, url, name, model, world):
            status = send(viewer, "POST", url, data)
            if not isinstance(status, int) or status >= 500:
                failures.append(f"POST {url} {sorted(data)[:6]}: {status}")
            after = snapshot(settings)
            if after != before:
                writes.append(f"POST {url} ({data.get('action', '')}): {changed(before, after)}")
                before = after
    assert not failures + writes, "\n".join(failures + writes)
    # The walk went everywhere: each model's pages, its history and revisions, its own pages.
    for expected in ("admin:articles_article_simple_history", "admin:roles_role_simple_history",
                     "admin:articles_article_history_diff", "admin:articles_article_import",
                     "admin:articles_article_preview_new", "admin:articles_imageasset_picker",
                     "admin:articles_tag_autocomplete", "admin:auth_user_password_change",
                     "markdownx_upload", "markdownx_markdownify", "share_preview",
                     "articles:detail"):  # fmt: skip
        assert expected in walked
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert {f"{prefix}_{page}" for page in ("changelist", "add", "change", "delete",
                                                "history")} <= walked  # fmt: skip


@pytest.mark.parametrize(
    "page",
    ["articles/article/{article}/change/", "articles/article/{article}/history/{revision}/",
     "roles/role/{role}/history/{role_revision}/", "articles/redirect/add/",
     "articles/article/importer/"],
)  # fmt: skip
def test_the_walk_sees_what_an_editor_s_form_would_write(editor, world, settings, page):
    """The forms the walk sends are real ones: sent by an editor allowed to write, they write."""
    article, role = world[Article], world[Role]
    url = "/admin/" + page.format(
        article=article.pk,
        role=role.pk,
        revision=article.history.order_by("history_id").first().history_id,
        role_revision=role.history.order_by("history_id").first().history_id,
    )
    name = get_resolver().resolve(url).view_name
    model = next(m for m in world if f"/{m._meta.model_name}/" in url)
    data = payloads(editor, url, name, model, world)[0]
    if "/change/" in url:
        data["title"] = ["Un titre changé"]
    before = snapshot(settings)
    assert editor.post(url, data).status_code in (200, 302)
    assert changed(before, snapshot(settings)) != []
