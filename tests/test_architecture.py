"""The rules of the house, checked: dependencies one way (`roles -> articles`,
`publishing -> articles`, no cycle), no module of `articles` or `publishing` naming a role,
rooms of at most 450 lines, imports at module level, self-contained migrations, content types
declared from their app's `ready()`, URLs that own paths (reserved slugs, cacheable views,
internal links), the admin's extension point and the indexing step."""

import ast
import importlib
import io
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import clear_url_caches, path
from simple_history.admin import SimpleHistoryAdmin

from articles import registry
from articles.admin import extensions
from articles.admin.extensions import ArticleAdminExtension, ListLink
from articles.admin.helpers import HistoryAdmin
from articles.checklist import check_article
from articles.indexing import flush
from articles.models import Article
from articles.preview import make_token
from articles.urls import RESERVED_SLUGS
from publishing.links import check_links
from revops_site import urls as project_urls
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = {"articles", "publishing", "revops_site", "roles"}


def python_files(*folders):
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


# --- Dependencies and imports ----------------------------------------------------------------


def imports_of(package):
    """The project packages each module of `package` imports: {file: {package, ...}}."""
    found = {}
    for file in python_files(package):
        if "migrations" in file.parts:
            continue
        tree = ast.parse(file.read_text())
        used = {module.split(".")[0] for module in imported_modules(tree)} & PROJECT_PACKAGES
        found[str(file.relative_to(ROOT))] = used - {package}
    return found


def importing(package, forbidden):
    return sorted(
        (file, name) for file, used in imports_of(package).items() for name in used & forbidden
    )


def test_articles_imports_neither_roles_nor_publishing():
    """`articles` is the content core: the apps of content types and publishing build on it
    (through its registry and extension points), never the reverse."""
    found = importing("articles", {"roles", "publishing"})
    assert found == [], "\n".join(f"{file} imports {name}" for file, name in found)


def test_publishing_does_not_import_roles():
    """Import and export reach a role through the registry, as any part of an article."""
    found = importing("publishing", {"roles"})
    assert found == [], "\n".join(f"{file} imports {name}" for file, name in found)


def test_no_cycle_between_the_packages():
    """The content packages import one another one way (roles and publishing -> articles).
    `revops_site`, the project (settings, URLs naming every app, infrastructure the apps use),
    is left out."""
    packages = sorted(PROJECT_PACKAGES - {"revops_site"})
    arrows = {
        package: set().union(*imports_of(package).values()) & set(packages) for package in packages
    }

    def cycle_from(package, path):
        for target in sorted(arrows[package]):
            if target in path:
                return [*path[path.index(target) :], target]
            found = cycle_from(target, [*path, target])
            if found:
                return found
        return None

    cycles = [
        " -> ".join(found) for package in packages if (found := cycle_from(package, [package]))
    ]
    assert cycles == []


# --- No module of articles or publishing names a role ---------------------------------------

# What names roles: their classes (and classes named after them), their fields and the
# relation's name, their URL names, templates and admin pages, their app's label.
ROLE_CLASS = re.compile(r"^(Historical)?(Role|Mission|BackgroundItem|AlternativeTitle)([A-Z]\w*)?$")
ROLE_CLASS_IN_TEXT = re.compile(
    r"\b(Historical)?(Role|Mission|BackgroundItem|AlternativeTitle|TaggedRole)\b"
)
ROLE_FIELDS = {"role", "roles", "role_id", "dedicated_roles", "tagged_roles"}
ROLE_TEXT = re.compile(
    r"roles:|articles:roles?\b|roles/|role_id|roles__|\broles\.[A-Za-z]|articles/role/"
    r"|(^|/)_roles?[_.]"
)
# Words that are not roles of the blog, each with where and why.
NOT_A_ROLE = {
    # The ARIA attribute the sanitiser keeps on <figure> and <aside> (`role="note"`).
    ("articles/sanitise.py", "role"),
}


def docstrings(tree):
    """The docstring nodes of a module, its classes and functions (they may speak of roles)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                yield body[0].value


def role_names(tree):
    """(line, what) for each name, attribute, keyword, import or text that names roles."""
    skipped = {id(node) for node in docstrings(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.ClassDef | ast.alias):
            name = node.id if isinstance(node, ast.Name) else node.name
            if isinstance(node, ast.alias):
                name = node.asname or node.name.rsplit(".", 1)[-1]
            if ROLE_CLASS.match(name) or name == "TaggedRole":
                yield getattr(node, "lineno", 0), name
        elif isinstance(node, ast.Attribute) and node.attr in ROLE_FIELDS:
            yield node.lineno, f".{node.attr}"
        elif isinstance(node, ast.keyword) and node.arg in ROLE_FIELDS:
            yield node.lineno, f"{node.arg}="
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
            and (
                node.value in ROLE_FIELDS
                or ROLE_TEXT.search(node.value)
                or ROLE_CLASS_IN_TEXT.search(node.value)
            )
        ):
            yield node.lineno, node.value


def test_articles_and_publishing_never_name_a_role():
    """A role is plugged in through the registry and the admin extension point: no module of
    `articles` or `publishing` names a role class, field, URL name or template (docstrings and
    comments may speak of roles), nor is named after roles."""
    found = []
    for file in python_files("articles", "publishing"):
        if "migrations" in file.parts:  # the history of the models, as it was
            continue
        where = str(file.relative_to(ROOT))
        if file.stem.startswith("role"):
            found.append(where)
        found.extend(
            f"{where}:{line} {what!r}"
            for line, what in role_names(ast.parse(file.read_text()))
            if (where, what) not in NOT_A_ROLE
        )
    assert found == [], "\n".join(found)


def test_application_code_imports_at_module_level():
    """No import hides inside a function, except in `AppConfig.ready()` where Django wants it."""
    hidden = []
    for file in python_files("articles", "publishing", "revops_site", "roles"):
        if "migrations" in file.parts:
            continue
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "ready":
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        hidden.append(f"{file.relative_to(ROOT)}:{inner.lineno}")
    assert hidden == []


MAX_LINES = 450


def test_every_python_file_is_a_room_a_person_can_hold():
    """No Python file of the apps or the project is over 450 lines (migrations included)."""
    long_files = {
        str(file.relative_to(ROOT)): lines
        for file in python_files("articles", "roles", "publishing", "revops_site")
        if (lines := len(file.read_text().splitlines())) > MAX_LINES
    }
    assert long_files == {}


def test_data_migrations_stand_alone():
    """A migration imports no live project code (only the `upload_to` reference Django wrote)."""
    found = []
    for file in python_files("articles/migrations", "roles/migrations", "publishing/migrations"):
        tree = ast.parse(file.read_text())
        for module in imported_modules(tree):
            if module.split(".")[0] in PROJECT_PACKAGES and module != "articles.models":
                found.append((file.name, module))
        for node in ast.walk(tree):
            name = ast.unparse(node) if isinstance(node, ast.Attribute) else ""
            if name.startswith("articles.models.") and name != "articles.models.image_upload_to":
                found.append((file.name, name))
    assert found == []


# --- No module of articles or publishing names a case study (issue 21, import/export) --------

CASE_STUDY_CLASS = re.compile(
    r"^(Historical)?(CaseStudy|Quote|Deliverable|Scope|TaggedCaseStudy|CaseStudyBundle)"
    r"([A-Z]\w*)?$"
)
# Its fields, keys, URL names and app, in any text or attribute of the code (an article has a
# `youtube_id` of its own: not in the list).
CASE_STUDY_TEXT = re.compile(
    r"\bclients[:./]|case_stud|speaker_role|\bdeliverables\b|\bquotes\b",
    re.IGNORECASE,
)


def case_study_names(tree):
    """(line, what) for each import of `clients`, class name, attribute, keyword or text that
    names a case study (docstrings may speak of them)."""
    skipped = {id(node) for node in docstrings(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            modules = [node.module] if isinstance(node, ast.ImportFrom) else []
            modules += [alias.name for alias in node.names]
            for module in modules:
                if module and module.split(".")[0] == "clients":
                    yield node.lineno, module
        elif isinstance(node, ast.Name | ast.alias | ast.ClassDef):
            name = getattr(node, "id", None) or getattr(node, "name", "")
            if CASE_STUDY_CLASS.match(name):
                yield getattr(node, "lineno", 0), name
        elif isinstance(node, ast.Attribute) and (
            CASE_STUDY_CLASS.match(node.attr) or CASE_STUDY_TEXT.search(node.attr)
        ):
            yield node.lineno, node.attr
        elif isinstance(node, ast.keyword) and node.arg and CASE_STUDY_TEXT.search(node.arg):
            yield node.lineno, node.arg
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
            and CASE_STUDY_TEXT.search(node.value)
        ):
            yield node.lineno, node.value[:60]


def test_articles_and_publishing_never_name_a_case_study():
    """A case study is imported and exported through its kind's bundle (`clients.bundle`,
    declared in the registry): no module of `articles` or `publishing` imports `clients` or
    names its classes, fields, keys or URL names (docstrings and comments may speak of them)."""
    found = []
    for file in python_files("articles", "publishing"):
        if "migrations" in file.parts:
            continue
        where = str(file.relative_to(ROOT))
        found.extend(
            f"{where}:{line} {what!r}"
            for line, what in case_study_names(ast.parse(file.read_text()))
        )
    assert found == [], "\n".join(found)


# --- The content-type registry --------------------------------------------------------------


def kind_declarations():
    """Where the project declares a content type: each `register(Kind(...))` call, as
    (file, class.method) of the code holding it."""
    found = set()
    for file in python_files("articles", "roles", "publishing", "revops_site"):
        if "migrations" in file.parts:
            continue
        tree = ast.parse(file.read_text())
        for holder in ast.walk(tree):
            if not isinstance(holder, ast.ClassDef):
                continue
            for method in holder.body:
                if not isinstance(method, ast.FunctionDef):
                    continue
                for call in ast.walk(method):
                    if is_call_to(call, "register") and any(
                        is_call_to(inner, "Kind") for arg in call.args for inner in ast.walk(arg)
                    ):
                        found.add((str(file.relative_to(ROOT)), f"{holder.name}.{method.name}"))
        found.update(
            (str(file.relative_to(ROOT)), "module level")
            for statement in tree.body
            for call in ast.walk(statement)
            if is_call_to(call, "Kind") and not isinstance(statement, ast.ClassDef)
        )
    return found


def is_call_to(node, name):
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    return (
        function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    ) == name


def test_roles_declares_its_kinds_from_its_app_config():
    """A role is a part of an article because `roles` says so, from `RolesConfig.ready()`;
    `articles` declares the article only."""
    role = registry.kind_of(Role)
    assert role.part_of.lower() == "articles.article" and role.whole_field == "article"
    assert role in registry.kind_of(Article).parts()
    assert [kind.model_class for kind in role.parts()] == [
        Mission,
        BackgroundItem,
        AlternativeTitle,
    ]
    assert kind_declarations() == {
        ("articles/apps.py", "ArticlesConfig.ready"),
        ("roles/apps.py", "RolesConfig.ready"),
    }
    ready = next(
        method
        for holder in ast.walk(ast.parse((ROOT / "roles/apps.py").read_text()))
        if isinstance(holder, ast.ClassDef) and holder.name == "RolesConfig"
        for method in holder.body
        if isinstance(method, ast.FunctionDef) and method.name == "ready"
    )
    assert "roles.Role" in {
        node.value for node in ast.walk(ready) if isinstance(node, ast.Constant)
    }


# --- URLs own paths --------------------------------------------------------------------------


def test_reserved_slugs_come_from_the_blog_pages():
    """Every first segment of the blog's own pages is reserved, and only those."""
    assert {"recherche", "flux", "tag", "auteur", "roles", "apercu"} == RESERVED_SLUGS


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_an_article_cannot_take_a_blog_page_address(staff_client, author, slug):
    """The admin refuses the slug with a French message, whatever page reserved it."""
    data = {"title": "Titre", "slug": slug, "author": author.pk, "status": "draft",
            "published_at_0": "17/11/2025", "published_at_1": "09:00:00",
            "front_matter_extra": "{}", "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0"}  # fmt: skip
    html = staff_client.post("/admin/articles/article/add/", data).content.decode()
    assert f"« {slug} » est réservé par le blog" in html
    assert not Article.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_cacheable_pages_are_those_marked_at_their_view(settings, make_article):
    """Reader views marked @cacheable are cached; share links and the home redirect are not."""
    settings.PAGE_CACHE_SECONDS = 3600
    article = make_article("Mise en cache", slug="mise-en-cache")
    Role.objects.create(article=article, title="Coach", slug="coach")
    client = Client()
    for url in ("/blog/", "/blog/mise-en-cache/", "/blog/mise-en-cache/coach/", "/robots.txt",
                "/sitemap.xml", "/blog/flux/atom/", "/blog/roles/"):  # fmt: skip
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url
    shared = f"/blog/apercu/{make_token(article)}/"
    assert client.get(shared).status_code == 200
    assert "X-Cache" not in client.get(shared)
    assert "X-Cache" not in client.get("/")


def test_internal_links_are_checked_against_the_url_patterns(make_article, make_tag, committed):
    """A link is broken when no page answers it, or its article, role or tag does not exist."""
    make_tag("ops")
    target = make_article("Cible", slug="cible")
    with committed():
        Role.objects.create(article=target, title="Coach", slug="coach")
    body = (
        "[a](/blog/cible/) [b](/blog/cible/coach/) [c](/blog/tag/ops/) [d](/blog/recherche/?q=x) "
        "[e](/blog/flux/rss/) [f](/blog/cible) [g](/blog/tag/inconnu/) [h](/blog/a/b/c/) "
        "[i](/blog/cible/absent/) [j](/blog/absent/) [k](https://exemple.fr/blog/absent/)"
    )
    article = make_article("Liens", slug="liens", body=body)
    broken = next(c.text for c in check_article(article) if c.text.startswith("Liens internes"))
    assert broken == (
        "Liens internes cassés : /blog/tag/inconnu/ (tag inconnu), /blog/a/b/c/ (page inconnue), "
        "/blog/cible/absent/ (rôle inconnu), /blog/absent/ (article inconnu)."
    )
    report = [str(p) for p in check_links() if p.where == "liens"]
    assert report == [
        "liens:1 : lien cassé vers /blog/tag/inconnu/ (tag inconnu)",
        "liens:1 : lien cassé vers /blog/a/b/c/ (page inconnue)",
        "liens:1 : lien cassé vers /blog/cible/absent/ (rôle inconnu)",
        "liens:1 : lien cassé vers /blog/absent/ (article inconnu)",
    ]


# --- The article admin's extension point -----------------------------------------------------


def test_publishing_adds_import_and_export_through_the_extension_point(staff_client, make_article):
    """The article list shows « Importer du Markdown » and offers « Exporter en Markdown »."""
    make_article("Exportable", slug="exportable")
    html = staff_client.get("/admin/articles/article/").content.decode()
    assert 'href="/admin/articles/article/importer/"' in html
    assert ">Importer du Markdown<" in html and "Exporter en Markdown" in html


def test_an_extension_adds_a_page_a_link_and_an_action(staff_client, make_article, monkeypatch):
    """A new extension reaches the article admin without touching its class."""

    @admin.action(description="Compter les articles", permissions=["view"])
    def count_articles(model_admin, request, queryset):
        model_admin.message_user(request, f"{queryset.count()} article(s) comptés.")

    class Counter(ArticleAdminExtension):
        links = (ListLink("Statistiques", "articles_article_stats", "view"),)
        actions = (count_articles,)

        def get_urls(self, model_admin):
            view = model_admin.admin_site.admin_view(lambda request: admin_page(request))
            return [path("stats/", view, name="articles_article_stats")]

    def admin_page(request):
        return HttpResponse("Statistiques du blog")

    monkeypatch.setattr(extensions, "_registry", [*extensions.extensions(), Counter()])
    clear_url_caches()
    article = make_article("Compté", slug="compte")
    try:
        importlib.reload(project_urls)
        html = staff_client.get("/admin/articles/article/").content.decode()
        assert ">Statistiques<" in html and "Compter les articles" in html
        assert staff_client.get("/admin/articles/article/stats/").content == b"Statistiques du blog"
        response = staff_client.post(
            "/admin/articles/article/",
            {"action": "count_articles", "_selected_action": [article.pk]},
            follow=True,
        )
        assert "1 article(s) comptés." in response.content.decode()
    finally:
        monkeypatch.undo()
        clear_url_caches()
        importlib.reload(project_urls)


def test_every_admin_of_a_model_with_history_is_a_history_admin():
    """Restoring a revision takes the change permission on every page that offers it (the
    check lives in one base, `HistoryAdmin`): no model's admin uses simple-history's bare."""
    with_history = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin) or hasattr(model, "history")
    }
    assert {model.__name__ for model in with_history} >= {"Article", "Role"}
    assert [
        model.__name__
        for model, model_admin in with_history.items()
        if not isinstance(model_admin, HistoryAdmin)
    ] == []


# --- The indexing step -----------------------------------------------------------------------


def test_search_follows_a_committed_change_and_ignores_a_rolled_back_one(client, make_article):
    """Indexed once the transaction commits: a rolled-back edit is never searchable."""
    article = make_article("Sans rapport", slug="cible")
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    with pytest.raises(RuntimeError), transaction.atomic():
        Mission.objects.create(role=role, position=1, text="Piloter la facturation")
        raise RuntimeError("annulé")
    flush()
    assert "facturation" not in Role.objects.get().search_text
    Mission.objects.create(role=role, position=1, text="Piloter les prévisions")
    flush()  # what the commit of this change runs
    assert "previsions" in Role.objects.get().search_text
    assert (
        "/blog/cible/coach/" in client.get("/blog/recherche/", {"q": "prévisions"}).content.decode()
    )


def test_reindex_rebuilds_the_search_text(make_article):
    """`manage.py reindex` recomputes what search reads, from what was saved."""
    make_article("Prévisions trimestrielles", slug="previsions", body="Le pipeline.")
    Article.objects.update(search_title="", search_text="")
    call_command("reindex", verbosity=0)
    saved = Article.objects.get()
    assert saved.search_title == "previsions trimestrielles" and "pipeline" in saved.search_text


def test_reindex_render_brings_html_saved_before_a_renderer_change_up_to_date(
    make_article, committed
):
    """`manage.py reindex --render`: HTML stored by an older renderer (straight apostrophes)
    reads as new saves do, roles and their items included; the editor's version is left."""
    article = make_article("Titre", slug="ancien", body="L'équipe d'abord.")
    with committed():
        role = Role.objects.create(article=article, title="Coach", slug="coach", intro="L'aide.")
        Mission.objects.create(role=role, position=1, text="Piloter l'équipe")
    Article.objects.update(body_html="<p>L'équipe d'abord.</p>")
    Role.objects.update(intro_html="<p>L'aide.</p>")
    Mission.objects.update(html="Piloter l'équipe")
    version = Article.objects.get().version
    call_command("reindex", "--render", stdout=io.StringIO())
    saved = Article.objects.get()
    assert saved.body_html == "<p>L’équipe d’abord.</p>" and saved.version == version
    assert Role.objects.get().intro_html == "<p>L’aide.</p>"
    assert Mission.objects.get().html == "Piloter l’équipe"
    assert "l'equipe" in saved.search_text


# --- Case studies (issue 21): the clients app follows the same rules ------------------------


def test_articles_and_publishing_do_not_import_clients():
    found = importing("articles", {"clients"}) + importing("publishing", {"clients"})
    assert found == [], "\n".join(f"{file} imports {name}" for file, name in found)


def test_clients_does_not_import_roles():
    """A case study and a role are two content types side by side on `articles`: what they
    share (the ordered lists' widget, `articles.admin.items`) lives in `articles`, and neither
    imports the other, nor includes the other's templates."""
    found = [
        (str(file.relative_to(ROOT)), module)
        for file in python_files("clients")
        for module in imported_modules(ast.parse(file.read_text()))
        if module.split(".")[0] == "roles"
    ]
    templates = [
        str(file.relative_to(ROOT))
        for folder in ("templates/clients", "templates/admin/clients")
        for file in sorted((ROOT / folder).rglob("*.html"))
        if re.search(r"[\'\"](admin/)?roles/", file.read_text())
    ]
    assert found == [] and templates == [], (found, templates)


def test_clients_code_is_held_in_small_rooms_with_imports_at_module_level():
    long_files, hidden = [], []
    for file in python_files("clients"):
        if len(file.read_text().splitlines()) > MAX_LINES:
            long_files.append(str(file.relative_to(ROOT)))
        if "migrations" in file.parts:
            continue
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "ready":
                hidden += [
                    f"{file.relative_to(ROOT)}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                ]
    assert long_files == [] and hidden == []


# --- No module of articles or publishing names a series --------------------------------------

SERIES_CLASS = re.compile(r"^(Historical)?(Series|SeriesEntry)([A-Z]\w*)?$")
SERIES_FIELDS = {"series", "series_entry", "ausha_show_id"}
SERIES_TEXT = re.compile(r"\bseries\b|series:|series_order|series\.yml|series/|--series", re.I)


def series_names(tree):
    """(line, what) for each import, name, attribute, keyword or text that names series."""
    skipped = {id(node) for node in docstrings(tree)}
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            name = next((m for m in modules if (m or "").split(".")[0] == "series"), None)
        elif isinstance(node, ast.Name | ast.ClassDef):
            name = node.id if isinstance(node, ast.Name) else node.name
            name = name if SERIES_CLASS.match(name) else None
        elif isinstance(node, ast.Attribute | ast.keyword):
            name = node.attr if isinstance(node, ast.Attribute) else node.arg
            name = name if name in SERIES_FIELDS else None
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
            and SERIES_TEXT.search(node.value)
        ):
            name = node.value[:40]
        if name:
            yield getattr(node, "lineno", 0), name


def test_articles_and_publishing_never_name_a_series():
    """Series take part in imports and exports through the registry (`Kind.import_run`): no
    module of `articles` or `publishing` imports `series`, names its classes, fields, keys or
    files (docstrings and comments may speak of series)."""
    found = [
        f"{file.relative_to(ROOT)}:{line} {what!r}"
        for file in python_files("articles", "publishing")
        if "migrations" not in file.parts
        for line, what in series_names(ast.parse(file.read_text()))
    ]
    assert found == [], "\n".join(found)


# --- No module of articles or publishing names a case study (issue 21) -----------------------

# What names case studies: their app, classes, fields, URL names and templates.
CLIENT_CLASS = re.compile(
    r"^(Historical)?(CaseStudy|CaseStudyItem|TaggedCaseStudy|Scope|Tool|Quote|Deliverable)"
    r"([A-Z]\w*)?$"
)
CLIENT_FIELDS = {"case_study", "case_studies", "case_study_id", "tagged_case_studies", "scopes",
                 "tools", "quotes", "deliverables", "speaker", "speaker_role"}  # fmt: skip
CLIENT_TEXT = re.compile(r"\bclients[:./]|case_stud|casestudy|(^|/)_case[_.]")


def client_names(tree):
    """(line, what) for each name, attribute, keyword or text that names case studies."""
    skipped = {id(node) for node in docstrings(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.ClassDef | ast.alias):
            name = node.id if isinstance(node, ast.Name) else node.name
            if isinstance(node, ast.alias):
                name = node.asname or node.name.rsplit(".", 1)[-1]
            if CLIENT_CLASS.match(name) or name == "clients":
                yield getattr(node, "lineno", 0), name
        elif isinstance(node, ast.Attribute) and node.attr in CLIENT_FIELDS:
            yield node.lineno, f".{node.attr}"
        elif isinstance(node, ast.keyword) and node.arg in CLIENT_FIELDS:
            yield node.lineno, f"{node.arg}="
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
            and CLIENT_TEXT.search(node.value)  # front-matter keys (« quotes ») are import's
        ):
            yield node.lineno, node.value


def test_articles_and_publishing_never_import_or_name_a_case_study():
    """A case study is a content type of its own, plugged in through the registry: `articles`
    and `publishing` neither import `clients` nor name its classes, fields, URL names or
    templates (docstrings and comments may speak of them)."""
    found = [
        f"{file} imports {name}"
        for package in ("articles", "publishing")
        for file, used in imports_of_any(package).items()
        for name in used & {"clients"}
    ]
    for file in python_files("articles", "publishing"):
        if "migrations" in file.parts:
            continue
        where = str(file.relative_to(ROOT))
        found.extend(
            f"{where}:{line} {what!r}" for line, what in client_names(ast.parse(file.read_text()))
        )
    assert found == [], "\n".join(found)


def imports_of_any(package):
    """Every top-level package each module of `package` imports: {file: {package, ...}}."""
    return {
        str(file.relative_to(ROOT)): {
            m.split(".")[0] for m in imported_modules(ast.parse(file.read_text()))
        }
        for file in python_files(package)
        if "migrations" not in file.parts
    }


def test_the_case_study_app_keeps_the_rules_of_the_house():
    """`clients` imports at module level (but in `ready()`), holds no file over 450 lines, and
    depends on `articles`, never the reverse (checked above)."""
    hidden, long_files = [], {}
    for file in python_files("clients"):
        if "migrations" in file.parts:
            continue
        text = file.read_text()
        if len(text.splitlines()) > MAX_LINES:
            long_files[str(file.relative_to(ROOT))] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "ready":
                hidden.extend(
                    f"{file.relative_to(ROOT)}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                )
    assert hidden == [] and long_files == {}
