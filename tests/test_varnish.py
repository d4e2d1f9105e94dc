"""The shared cache for real: deploy/varnish.vcl in a varnishd this file starts, in front of the
app under test (pytest-django's live server). A change purges exactly the pages showing it,
readers never see a draft or a stale page after the commit, editors are never cached.

Skipped, with the reason, where varnishd (Debian's `varnish` and `varnish-modules`) cannot start.
"""

import http.client
import re
import shutil
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from articles.models import Article
from roles.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish.vcl"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def vcl_for(backend_url):
    """The shipped VCL, its backend pointed at `backend_url` (nothing else changed)."""
    address = urlsplit(backend_url)
    text = VCL.read_text()
    text, hosts = re.subn(r'\.host = "[^"]*";', f'.host = "{address.hostname}";', text, count=1)
    text, ports = re.subn(r'\.port = "[^"]*";', f'.port = "{address.port}";', text, count=1)
    assert hosts == ports == 1, "deploy/varnish.vcl: backend default without .host/.port"
    return text


class Varnish:
    def __init__(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"

    def get(self, path, **headers):
        """(status, headers as a dict with lower-case names, body text) through Varnish."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request("GET", quote(path, safe="/?&=%:;,+"), headers=headers)
            answer = connection.getresponse()
            body = answer.read().decode("utf-8", "replace")
            return Answer(answer.status, {k.lower(): v for k, v in answer.getheaders()}, body)
        finally:
            connection.close()

    def purge_all(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request("PURGE", "/", headers={"xkey": "site"})
            connection.getresponse().read()
        finally:
            connection.close()


class Answer:
    def __init__(self, status, headers, text):
        self.status, self.headers, self.text = status, headers, text

    @property
    def hit(self):
        """Served from Varnish's storage: two transaction ids in X-Varnish (this request's and
        the one that stored the object), said again by the VCL's X-Varnish-Cache."""
        hit = len(self.headers.get("x-varnish", "").split()) == 2
        assert hit == (self.headers.get("x-varnish-cache") == "HIT"), self.headers
        return hit


@pytest.fixture(scope="module")
def varnishd(tmp_path_factory, live_server):
    binary = shutil.which("varnishd") or next(
        (p for p in ("/usr/sbin/varnishd", "/usr/local/sbin/varnishd") if Path(p).exists()), None
    )
    if binary is None:
        pytest.skip("varnishd introuvable : apt-get install varnish varnish-modules (.ci/run)")
    folder = tmp_path_factory.mktemp("varnish")
    (folder / "site.vcl").write_text(vcl_for(live_server.url))
    port = free_port()
    command = [
        binary, "-F", "-j", "none", "-n", str(folder / "work"), "-a", f"127.0.0.1:{port}",
        "-f", str(folder / "site.vcl"), "-s", "malloc,32m", "-T", "none",
        "-p", "thread_pools=1", "-p", "thread_pool_min=10",
    ]  # fmt: skip
    log = (folder / "varnishd.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    if process.poll() is not None or time.monotonic() >= deadline:
        process.kill()
        process.wait()
        log.close()
        output = (folder / "varnishd.log").read_text()[-2000:]
        pytest.skip(f"varnishd ne démarre pas ici ({binary}) :\n{output}")
    yield Varnish(port)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def varnish(varnishd, settings):
    """Varnish in front of the app, the app purging it; every test starts with both empty."""
    settings.PAGE_CACHE_SECONDS = 3600
    settings.HTTP_CACHE_S_MAXAGE = 3600
    settings.HTTP_CACHE_STALE_WHILE_REVALIDATE = 30
    settings.HTTP_CACHE_KEY_HEADERS = ["xkey"]
    settings.HTTP_CACHE_PURGE_URLS = [varnishd.url]
    settings.HTTP_CACHE_PURGE_AGAIN = 0
    caches["default"].clear()
    varnishd.purge_all()
    return varnishd


def warm(varnish, *paths):
    """Each page fetched until Varnish serves it from storage."""
    for path in paths:
        first = varnish.get(path)
        assert first.status == 200, (path, first.status)
        assert varnish.get(path).hit, path


def test_a_change_purges_exactly_the_pages_that_show_it(varnish, make_article, make_tag):
    ops, data = make_tag("ops", "Opérations"), make_tag("data", "Données")
    shown = make_article("Les rôles de l’équipe", slug="equipe", tags=[ops])
    Role.objects.create(article=shown, title="Coach", slug="coach", nickname="le mentor")
    make_article("Un autre sujet", slug="autre", tags=[data])
    showing = ["/blog/equipe/", "/blog/equipe/coach/", "/blog/tag/ops/", "/blog/", "/sitemap.xml",
               "/blog/flux/rss/", "/blog/roles/"]  # fmt: skip
    not_showing = ["/blog/autre/", "/blog/tag/data/"]
    warm(varnish, *showing, *not_showing)

    shown.body = "## Introduction\n\nUn texte entièrement revu."
    shown.save()  # the text only: the pages showing the article, and no other
    page = varnish.get("/blog/equipe/")
    assert not page.hit and "entièrement revu" in page.text
    for path in showing[1:4]:
        assert not varnish.get(path).hit, path
    for path in not_showing:
        assert varnish.get(path).hit, path

    role = Role.objects.get(slug="coach")
    role.nickname = "le guide"
    role.save()  # a role: its page, its article's page, the lists
    assert "le guide" in varnish.get("/blog/equipe/coach/").text
    assert "le guide" in varnish.get("/blog/equipe/").text
    assert varnish.get("/blog/autre/").hit


def test_a_tag_taken_off_refreshes_its_old_page(varnish, make_article, make_tag):
    ops = make_tag("ops", "Opérations")
    article = make_article("Retiré du tag", slug="retire", tags=[ops])
    make_article("Reste dans le tag", slug="reste", tags=[ops])
    make_article("Ailleurs", slug="ailleurs")
    warm(varnish, "/blog/tag/ops/", "/blog/ailleurs/", "/blog/reste/")
    assert "Retiré du tag" in varnish.get("/blog/tag/ops/").text
    article.tags.remove(ops)
    page = varnish.get("/blog/tag/ops/")
    assert "Retiré du tag" not in page.text and "Reste dans le tag" in page.text
    assert varnish.get("/blog/ailleurs/").hit


def test_a_reader_never_sees_a_draft_or_a_stale_page(varnish, make_article):
    article = make_article("Bientôt retiré", slug="bientot")
    draft = make_article("Pas encore", slug="pas-encore", status=Article.Status.DRAFT)
    warm(varnish, "/blog/bientot/", "/blog/")
    assert varnish.get("/blog/pas-encore/").status == 404
    assert "Pas encore" not in varnish.get("/blog/").text

    article.status = Article.Status.DRAFT
    article.save()
    assert varnish.get("/blog/bientot/").status == 404
    assert "Bientôt retiré" not in varnish.get("/blog/").text

    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert varnish.get("/blog/pas-encore/").status == 200  # its 404 was never kept
    assert "Pas encore" in varnish.get("/blog/").text

    draft.delete()
    assert varnish.get("/blog/pas-encore/").status == 404
    assert "Pas encore" not in varnish.get("/blog/").text


def test_an_editor_is_never_cached_and_never_cached_for(varnish, make_article, staff_user):
    make_article("Brouillon secret", slug="secret", status=Article.Status.DRAFT)
    make_article("Public", slug="public")
    editor = Client()
    editor.force_login(staff_user)
    session = f"sessionid={editor.cookies['sessionid'].value}"
    for _ in range(2):
        preview = varnish.get("/blog/secret/", Cookie=session)
        assert preview.status == 200 and "Brouillon secret" in preview.text
        assert not preview.hit and "no-store" in preview.headers["cache-control"]
        live = varnish.get("/blog/public/", Cookie=session)
        assert live.status == 200 and not live.hit
        admin = varnish.get("/admin/", Cookie=session)
        assert admin.status == 200 and not admin.hit
    assert varnish.get("/blog/secret/").status == 404  # nothing of the editor's was kept
    reader = varnish.get("/blog/public/", Cookie="_ga=GA1.1.123; consent=oui")
    assert reader.status == 200 and not reader.hit  # a reader's cookies do not matter…
    assert varnish.get("/blog/public/").hit  # …the object is the one every reader shares


def test_tracking_parameters_share_one_object(varnish, make_article):
    make_article("Campagne", slug="campagne")
    warm(varnish, "/blog/campagne/")
    for query in ("?utm_source=lettre&utm_medium=email", "?fbclid=abc", "?gclid=1&utm_term=x"):
        page = varnish.get(f"/blog/campagne/{query}")
        assert page.hit and "Campagne" in page.text, query
    assert not varnish.get("/blog/?page=1&utm_campaign=x").hit
    assert varnish.get("/blog/?utm_campaign=y&page=1").hit  # the page the view reads, once


def test_a_scheduled_article_goes_live_through_varnish_by_itself(varnish, make_article):
    make_article("Déjà là", slug="deja")
    make_article("À l’heure dite", slug="a-l-heure", published_at=_in(seconds=3))
    page = varnish.get("/blog/")
    assert "À l’heure dite" not in page.text
    assert int(re.search(r"s-maxage=(\d+)", page.headers["cache-control"])[1]) <= 3
    assert "stale-while-revalidate" not in page.headers["cache-control"]
    assert varnish.get("/blog/").hit
    time.sleep(4.2)
    assert "À l’heure dite" in varnish.get("/blog/").text
    assert varnish.get("/blog/a-l-heure/").status == 200


def _in(seconds):
    return timezone.now() + timedelta(seconds=seconds)
