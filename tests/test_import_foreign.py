"""Blogs made by other tools import whole: posts, images, addresses, authors, shortcodes, dates.

Each blog is built by `tests.foreign_blogs` in a temporary folder (a Hugo page-bundle blog, a
Jekyll `_posts` blog, an Astro content collection) and imported as an operator would, with
`import_markdown` on the site's folder; what is asserted is what readers and editors get: the
pages, their images, the old addresses, the report.
"""

import datetime as dt
import re
import time
import zipfile
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Author, ImageAsset, Redirect, Tag
from tests.commands import run
from tests.foreign_blogs import (
    YOUTUBE_ID,
    astro_blog,
    docusaurus_blog,
    hugo_blog,
    jekyll_blog,
    picture,
    put,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
BLOGS = {"hugo": hugo_blog, "jekyll": jekyll_blog, "astro": astro_blog}
# The posts each blog holds, as our slugs (the old addresses they answer are below).
SLUGS = {
    "hugo": {"upgrading-to-kubernetes-v1-24", "ceph-at-scale", "notes-in-progress",
             "tuning-postgresql"},
    "jekyll": {"premier-billet", "second-billet", "idee"},
    "astro": {"first-post", "second-post"},
}  # fmt: skip
OLD_ADDRESSES = {
    "hugo": {
        "/blog/upgrading-to-kubernetes-v1.24/": "upgrading-to-kubernetes-v1-24",
        "/blog/upgrading-to-kubernetes-v1.24": "upgrading-to-kubernetes-v1-24",
        "/old/k8s-upgrade/": "upgrading-to-kubernetes-v1-24",
        "/old/k8s-upgrade": "upgrading-to-kubernetes-v1-24",
        "/blog/ceph-at-scale/": "ceph-at-scale",
        "/blog/tuning-postgresql/": "tuning-postgresql",
    },
    "jekyll": {
        "/2022/07/08/premier-billet.html": "premier-billet",
        "/ancien-billet/": "premier-billet",
        "/ancien-billet": "premier-billet",
    },
    "astro": {"/blog/first-post/": "first-post", "/blog/second-post/": "second-post"},
}
CODE_RE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL)
MEDIA_SRC_RE = re.compile(r'<img[^>]*\bsrc="([^"]+)"')


@pytest.fixture
def imported(tmp_path):
    """Build a blog, import its folder; (its root, what the command printed)."""

    def build(name, *options):
        root = BLOGS[name](tmp_path / name)
        return root, run("import_markdown", str(root), *options)

    return build


def page(client, slug):
    response = client.get(reverse("articles:detail", kwargs={"slug": slug}))
    assert response.status_code == 200, slug
    return response.content.decode()


@pytest.mark.parametrize("name", BLOGS)
def test_every_post_imports_and_nothing_else(imported, name):
    """Every post, flat or bundle, and only posts: no README, no Hugo list page."""
    _, output = imported(name)
    assert set(Article.objects.values_list("slug", flat=True)) == SLUGS[name]
    assert "0 ignoré(s)" in output and "0 erreur(s)" in output
    if name == "hugo":
        assert "page de liste Hugo (_index.md)" in output
        assert not Article.objects.filter(title__icontains="build this site").exists()


@pytest.mark.parametrize("name", BLOGS)
def test_heroes_and_body_images_come_home_with_their_renditions(imported, client, name):
    imported(name)
    articles = Article.objects.exclude(status=Article.Status.DRAFT)
    heroes = [a for a in articles if a.hero_image_id]
    assert heroes, "no hero came home"
    for article in Article.objects.all():
        assert not article.hero_image_url  # no relative name left as an external image
        assets = list(ImageAsset.objects.filter(pk__in=article_images(article)))
        for asset in assets:
            assert asset.file and default_storage.exists(asset.file.name)
            assert asset.renditions, asset
            for rendition in asset.renditions:
                assert default_storage.exists(rendition["name"])
    for article in articles:
        html = page(client, article.slug)
        sources = MEDIA_SRC_RE.findall(html)
        for src in sources:
            assert src.startswith(("/media/", "http")), src
        assert 'src="vms.png"' not in html and "./" not in "".join(sources)


def article_images(article):
    ids = re.findall(r"\]\(([0-9a-f-]{36})", article.body)
    return [*ids, *([article.hero_image_id] if article.hero_image_id else [])]


def test_hugo_images_relative_to_the_post_and_beside_it(imported, client):
    imported("hugo")
    article = Article.objects.get(slug="upgrading-to-kubernetes-v1-24")
    html = page(client, article.slug)
    assert article.hero_image.file
    body_assets = ImageAsset.objects.filter(pk__in=re.findall(r"\]\(([0-9a-f-]{36})", article.body))
    assert sorted(a.alt for a in body_assets) == [
        "Cluster layout",
        "Two virtual machines side by side",
    ]
    for asset in body_assets:
        assert asset.file.url.rsplit(".", 1)[0].split("/")[-1] in html or str(asset.pk) in html
    assert 'alt="Two virtual machines side by side"' in html
    # The figure shortcode: an image with its caption, drawn as our figures are.
    ceph = Article.objects.get(slug="ceph-at-scale")
    rack = ImageAsset.objects.get(alt="A rack of servers")
    assert rack.caption == "Our first rack" and rack.file
    assert "Our first rack" in page(client, ceph.slug)


def test_the_same_bytes_are_one_image(imported, tmp_path):
    """Two posts showing one file (or two copies of it) share one library image."""
    root = hugo_blog(tmp_path / "hugo")
    same = (root / "content/posts/kubernetes-upgrade/vms.png").read_bytes()
    put(root, "content/posts/tuning-postgresql-copy/index.md", "---\ntitle: Copy of a post\n---\n"
        "![Same picture](same.png)\n")  # fmt: skip
    put(root, "content/posts/tuning-postgresql-copy/same.png", same)
    run("import_markdown", str(root))
    assert ImageAsset.objects.filter(alt="Two virtual machines side by side").count() == 1
    copy = Article.objects.get(slug="copy-of-a-post")
    original = Article.objects.get(slug="upgrading-to-kubernetes-v1-24")
    shared = re.findall(r"\]\(([0-9a-f-]{36})", copy.body)[0]
    assert shared in original.body


@pytest.mark.parametrize("name", BLOGS)
def test_every_old_address_answers_and_leads_to_its_post(imported, client, name):
    imported(name)
    for old, slug in OLD_ADDRESSES[name].items():
        response = client.get(old, follow=True)
        assert response.status_code == 200, old
        assert response.redirect_chain == [] or all(c[1] == 301 for c in response.redirect_chain)
        assert response.request["PATH_INFO"] == reverse("articles:detail", kwargs={"slug": slug})


def test_dots_and_case_survive_as_redirects(imported, client):
    """Hugo's address kept the dot of « v1.24 »: ours cannot, the old one moves for good."""
    imported("hugo")
    response = client.get("/blog/upgrading-to-kubernetes-v1.24/")
    assert response.status_code == 301
    assert response["Location"] == "/blog/upgrading-to-kubernetes-v1-24/"


def test_a_permalink_rule_given_by_hand_for_a_folder_without_configuration(tmp_path, client):
    """`--permalink '/blog/:slug/'`: Hugo's urlize of the title when there is no slug."""
    root = tmp_path / "posts"
    put(root, "release-notes/index.md", "---\ntitle: Release Notes for v2.0 Final\n---\nText.\n")
    put(root, "named.md", "---\ntitle: Named\nslug: Named.Post\n---\nText.\n")
    run("import_markdown", str(root), "--permalink", "/articles/:slug/")
    assert client.get("/articles/Named.Post/", follow=True).request["PATH_INFO"] == (
        "/blog/named-post/"
    )
    # Without a tool's configuration, the folder keeps naming the post; the rule is what the
    # old site served.
    article = Article.objects.get(title="Release Notes for v2.0 Final")
    response = client.get("/articles/release-notes-for-v2.0-final/", follow=True)
    assert response.request["PATH_INFO"] == article.get_absolute_url()


def test_a_plain_folder_of_bundles_with_a_relative_hero(tmp_path, client):
    """The real French blog's shape: `image: cover.jpg` beside `index.md`, no configuration:
    a hero, no longer a refused file."""
    root = tmp_path / "blog"
    for number in range(3):
        put(root, f"billet-{number}/index.md", f"---\ntitle: Billet numéro {number}\n"
            "image: cover.jpg\nimage_alt: Une couverture\n---\nTexte.\n")  # fmt: skip
        put(root, f"billet-{number}/cover.jpg", picture(80, 60, (number * 60, 10, 10), "JPEG"))
    output = run("import_markdown", str(root))
    assert "3 créé(s)" in output and "0 erreur(s)" in output
    for article in Article.objects.all():
        assert article.hero_image.file and article.hero_image.alt == "Une couverture"
        assert article.hero_image.file.url in page(client, article.slug)


@pytest.mark.parametrize(
    ("name", "slug", "author", "bio"),
    [
        ("hugo", "upgrading-to-kubernetes-v1-24", "Jane Doe", "Platform engineer."),
        ("jekyll", "premier-billet", "Camille Martin", "Consultante en opérations."),
        ("astro", "first-post", "Ada Lovelace", "Writes about engines."),
    ],
)
def test_authors_come_from_the_blogs_data_files(imported, client, name, slug, author, bio):
    imported(name)
    article = Article.objects.select_related("author").get(slug=slug)
    assert (article.author.name, article.author.bio) == (author, bio)
    assert author in page(client, slug)
    if name in {"hugo", "astro"}:  # their data files name an avatar
        assert article.author.avatar and default_storage.exists(article.author.avatar.name)
    response = client.get(article.author.get_absolute_url())
    assert response.status_code == 200 and bio in response.content.decode()


@pytest.mark.parametrize("name", BLOGS)
def test_shortcodes_become_our_components_and_none_shows_raw(imported, client, name):
    imported(name)
    for article in Article.objects.all():
        assert "{{<" not in article.body_html and "{{%" not in article.body_html
        assert "{% include" not in article.body_html and "{{ site" not in article.body_html
    pages = [page(client, a.slug) for a in Article.objects.exclude(status=Article.Status.DRAFT)]
    for html in pages:  # code shows what it holds: a shortcode there is the text written
        prose = CODE_RE.sub("", html)
        assert "{{&lt;" not in prose and "{{<" not in prose and "{%" not in prose
    if name in {"hugo", "jekyll"}:
        players = [html for html in pages if 'data-embed="youtube"' in html]
        assert len(players) == 1 and YOUTUBE_ID in players[0]


def test_hugo_shortcodes_one_by_one(imported, client):
    imported("hugo")
    tuning = Article.objects.get(slug="tuning-postgresql")
    html = page(client, tuning.slug)
    assert 'data-embed="tweet"' in html and "https://x.com/jack/status/20" in html
    assert '<code class="language-sql">' in html or "language-sql" in html
    # {{< ref >}} to another post: a link to its page here.
    assert 'href="/blog/upgrading-to-kubernetes-v1-24/"' in html
    # In a code block, a shortcode stays as written.
    kubernetes = Article.objects.get(slug="upgrading-to-kubernetes-v1-24")
    assert "{{&lt; youtube notconverted &gt;}}" in page(client, kubernetes.slug)
    # An unknown one keeps its text (as code) and what it wraps.
    ceph = page(client, "ceph-at-scale")
    assert "Mind the disks." in ceph and "<code>notice warning</code>" in ceph


def test_jekyll_liquid_tags(imported, client):
    imported("jekyll")
    html = page(client, "premier-billet")
    assert 'href="/blog/second-billet/"' in html  # {% post_url %}
    second = Article.objects.get(slug="second-billet")
    assert "Un modèle {{ page.title }} écrit tel quel." in second.body  # {% raw %}: its text


def test_a_docusaurus_blog(tmp_path, client):
    """Dated file names, the blog's own `/blog/YYYY/MM/DD/name` addresses and `slug`, the
    authors beside the posts; the docs are not posts."""
    root = docusaurus_blog(tmp_path / "docusaurus")
    run("import_markdown", str(root))
    assert set(Article.objects.values_list("slug", flat=True)) == {"welcome", "hello-world"}
    welcome = Article.objects.get(slug="welcome")
    assert welcome.published_at == dt.datetime(2022, 7, 7, 22, 0, tzinfo=UTC)
    assert (welcome.author.name, welcome.author.bio) == ("Ada Lovelace", "Engine writer")
    for old, slug in (
        ("/blog/2022/07/08/welcome", "welcome"),
        ("/blog/hello-world", "hello-world"),
    ):
        response = client.get(old, follow=True)
        assert response.request["PATH_INFO"] == f"/blog/{slug}/", old
    assert ImageAsset.objects.get(alt="Shot").file


@pytest.mark.parametrize("name", ["hugo"])
def test_warnings_name_the_file_and_the_line(imported, name):
    root, output = imported(name)
    ceph = root / "content/posts/ceph-storage/index.md"
    lines = ceph.read_text().split("\n")

    def line_of(text):
        return next(n for n, line in enumerate(lines, 1) if text in line)

    assert f"{ceph}:{line_of('arch.svg')}: image SVG refusée : arch.svg" in output
    assert f"{ceph}:{line_of('missing.png')}: image introuvable : missing.png" in output
    assert (
        f"{ceph}:{line_of('notice warning')}: shortcode inconnu « {{{{< notice warning >}}}} »"
        in (output)
    )
    article = Article.objects.get(slug="ceph-at-scale")
    assert "Architecture" in article.body and "arch.svg" not in article.body


def test_the_report_says_what_was_mapped_per_file_and_unknown_keys_once(imported):
    _, output = imported("hugo")
    lines = output.splitlines()
    kubernetes = lines.index(
        next(line for line in lines if "upgrading-to-kubernetes-v1-24 —" in line)
    )
    mapped = next(line for line in lines[kubernetes:] if "repris d'un autre outil" in line)
    for pair in ("feature_image → image", "categories → tags", "authors → author",
                 "aliases → redirections", "{{< youtube >}} → youtubePlayer"):  # fmt: skip
        assert pair in mapped
    toc = [line for line in lines if "clé inconnue « toc »" in line]
    assert len(toc) == 1 and "3 fichier(s)" in toc[0]
    assert len([line for line in lines if "clé inconnue « weight »" in line]) == 1


@pytest.mark.parametrize(
    ("name", "drafts"),
    [("hugo", {"notes-in-progress"}), ("jekyll", {"second-billet", "idee"}), ("astro", set())],
)
def test_drafts_are_drafts(imported, client, name, drafts):
    imported(name)
    assert set(Article.objects.drafts().values_list("slug", flat=True)) == drafts
    for slug in drafts:
        url = reverse("articles:detail", kwargs={"slug": slug})
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "slug", "instant"),
    [
        ("hugo", "upgrading-to-kubernetes-v1-24", dt.datetime(2022, 6, 1, 9, 30, tzinfo=UTC)),
        ("hugo", "ceph-at-scale", dt.datetime(2022, 5, 10, 6, 0, tzinfo=UTC)),  # TOML, +02:00
        ("hugo", "tuning-postgresql", dt.datetime(2022, 4, 2, 16, 0, tzinfo=UTC)),
        ("jekyll", "premier-billet", dt.datetime(2022, 7, 8, 8, 0, tzinfo=UTC)),  # +0200
        ("jekyll", "second-billet", dt.datetime(2022, 7, 8, 22, 0, tzinfo=UTC)),  # file name
        ("astro", "first-post", dt.datetime(2022, 7, 7, 22, 0, tzinfo=UTC)),  # Jul 08 2022
        ("astro", "second-post", dt.datetime(2022, 7, 15, 12, 0, tzinfo=UTC)),
    ],
)
def test_dates_are_the_same_instants(imported, name, slug, instant):
    imported(name)
    assert Article.objects.get(slug=slug).published_at == instant


def test_front_matter_details(imported):
    """TOML front matter, categories merged with tags, lastmod kept for the export."""
    imported("hugo")
    ceph = Article.objects.get(slug="ceph-at-scale")
    assert ceph.title == "Running Ceph at scale" and ceph.front_matter_extra == {"weight": 3}
    kubernetes = Article.objects.get(slug="upgrading-to-kubernetes-v1-24")
    assert {t.name for t in kubernetes.tags.all()} == {"kubernetes", "Infrastructure"}
    assert kubernetes.front_matter_extra["lastmod"] == "2022-06-03T10:00:00Z"


def snapshot(folder):
    run("export_markdown", str(folder))
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("name", BLOGS)
def test_round_trip_is_byte_identical(imported, tmp_path, name):
    """Import the foreign blog, export, import the export into an empty database, export
    again: the same bytes. Its extra keys, redirects and authors travel with it."""
    imported(name)
    first = snapshot(tmp_path / "one")
    for model in (Article, ImageAsset, Tag, Author, Redirect):
        model.objects.all().delete()
    run("import_markdown", str(tmp_path / "one"))
    assert snapshot(tmp_path / "two") == first
    index = first["upgrading-to-kubernetes-v1-24/index.md"] if name == "hugo" else b""
    if name == "hugo":
        assert b"lastmod: '2022-06-03T10:00:00Z'" in index or b"lastmod: 2022-06-03" in index
        assert b"/blog/upgrading-to-kubernetes-v1.24/" in first["redirects.yml"]


def test_importing_twice_changes_nothing(imported, tmp_path):
    root, _ = imported("hugo")
    output = run("import_markdown", str(root))
    assert "0 créé(s), 0 mis à jour, 4 inchangé(s)" in output


def test_the_admin_import_page_takes_an_address_rule(admin_client, tmp_path):
    """A zip of a plain folder of posts and the rule it was served by: its old addresses lead
    to the posts."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("posts/mon-billet.md", "---\ntitle: Mon billet v1.2\n---\nTexte.\n")
    url = reverse("admin:articles_article_import")
    page_html = admin_client.get(url).content.decode()
    assert "Règle d&#x27;adresse de l&#x27;ancien blog" in page_html
    upload = {"file": ("blog.zip", buffer.getvalue())}
    refused = admin_client.post(url, {"file": make_upload(upload), "permalink": "blog slug"})
    assert "Une règle d&#x27;adresse commence par « / »" in refused.content.decode()
    preview = admin_client.post(url, {"file": make_upload(upload), "permalink": "/notes/:slug/"})
    html = preview.content.decode()
    assert "/notes/mon-billet-v1.2/" in html  # the redirect the import will create
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    admin_client.post(url, {"token": token})
    article = Article.objects.get()
    assert admin_client.get("/notes/mon-billet-v1.2/", follow=True).request["PATH_INFO"] == (
        article.get_absolute_url()
    )


def make_upload(upload):
    name, data = upload["file"]
    return SimpleUploadedFile(name, data, content_type="application/zip")


def test_hostile_shortcodes_cost_little_and_images_stay_inside_the_import(tmp_path, client):
    """Thousands of openings never closed are read in one pass; an image path that leaves the
    folders being imported is refused, not read."""
    root = tmp_path / "blog"
    secret = put(tmp_path, "outside/secret.png", picture(20, 20, (9, 9, 9)))
    body = "{{< highlight go >}} " * 1000 + "\n\n" + "{{< x " * 1000 + "\n\n" + "{% include " * 900
    put(root, "hostile/index.md", f"---\ntitle: Hostile input here\n---\n{body}\n"
        f"![Escape](../../outside/{secret.name})\n")  # fmt: skip
    started = time.monotonic()
    output = run("import_markdown", str(root))
    assert time.monotonic() - started < 20
    assert "sort des dossiers importés" in output
    assert not ImageAsset.objects.exists()
