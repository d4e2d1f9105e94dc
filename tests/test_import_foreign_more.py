"""Other tools' blogs, more shapes: a folder without configuration (`--permalink`,
`--static-dir`, a relative hero), Docusaurus, Eleventy and Gatsby, the admin's import page
(an address rule, a zipped site), hostile input, and a run undone after its batches."""

import datetime as dt
import re
import tempfile
import time
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Author, ImageAsset, Redirect
from tests.commands import failure_text, run
from tests.foreign_blogs import docusaurus_blog, hugo_blog, picture, put
from tests.test_import_batches import (  # noqa: F401 -- fixtures
    batches,
    commits,
    everything,
    files_under,
)
from tests.test_import_foreign import UTC, page

pytestmark = pytest.mark.django_db


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
    output = run("import_markdown", "--publish-anyway", str(root))
    assert "3 créé(s)" in output and "0 erreur(s)" in output
    for article in Article.objects.all():
        assert article.hero_image.file and article.hero_image.alt == "Une couverture"
        assert article.hero_image.file.url in page(client, article.slug)


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


@pytest.mark.parametrize(
    ("config", "post", "old"),
    [
        (".eleventy.js", "posts/my-first-post.md", "/posts/my-first-post/"),
        ("gatsby-config.js", "content/blog/my-first-post/index.md", "/my-first-post/"),
    ],
)
def test_eleventy_and_gatsby_posts_keep_their_addresses(tmp_path, client, config, post, old):
    root = tmp_path / "site"
    put(root, config, "module.exports = {};\n")
    put(root, "README.md", "# Build notes\n")
    put(root, post, "---\ntitle: My first post\ndate: 2022-07-08\ntags: [notes]\n"
        "---\n{{< vimeo 123456 >}} and {{< gist octo 42 >}}\n")  # fmt: skip
    run("import_markdown", str(root))
    article = Article.objects.get()
    assert article.slug == "my-first-post"
    assert client.get(old, follow=True).request["PATH_INFO"] == article.get_absolute_url()
    html = page(client, article.slug)
    assert 'href="https://vimeo.com/123456"' in html
    assert 'href="https://gist.github.com/octo/42"' in html


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


def test_the_admin_imports_a_zip_of_a_whole_hugo_site(admin_client, tmp_path):
    """The archive holds the site's folder: its configuration is found inside, its README is
    not an article, and the report names files as they are in the archive."""
    root = hugo_blog(tmp_path / "site")
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(tmp_path))
    url = reverse("admin:articles_article_import")
    upload = SimpleUploadedFile("site.zip", buffer.getvalue(), content_type="application/zip")
    html = admin_client.post(url, {"file": upload}).content.decode()
    assert "4 créé(s)" in html and "0 erreur(s)" in html
    assert "README" not in html and tempfile.gettempdir() not in html
    assert "feature_image → image" in html
    assert "« toc » : 3 fichier(s)" in html
    assert "page de liste Hugo (_index.md)" in html


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_undoes_the_authors_redirects_and_images_it_made(
    tmp_path,
    media_root,
    batches,  # noqa: F811 -- the fixture
    commits,  # noqa: F811 -- the fixture
):
    """Committed in batches, then refused at its last post: the blog's authors (their photos
    too), redirects and images go with the rest; the site is as it was."""
    before, files = everything(), files_under(media_root)
    root = hugo_blog(tmp_path / "hugo")
    put(
        root, "content/posts/zz-refused/index.md", "---\ntitle: Refused post\nstatus: odd\n---\nX\n"
    )
    error = failure_text("import_markdown", str(root))
    assert "statut inconnu « odd »" in error
    assert len(commits) >= 2 and max(commits) >= 1  # batches were committed, then undone
    assert everything() == before
    assert files_under(media_root) == files
    assert not Author.objects.exists() and not Redirect.objects.exists()


def test_images_named_from_the_site_root_are_read_from_the_static_dir(tmp_path, client):
    """`/images/x.png` in a folder of posts without configuration: `--static-dir` says where."""
    posts, static = tmp_path / "posts", tmp_path / "static"
    put(static, "images/chart.png", picture(70, 40, (70, 20, 200)))
    put(posts, "un-billet.md", "---\ntitle: Un billet illustré\nimage: /images/chart.png\n---\n"
        "![Le graphique](/images/chart.png)\n")  # fmt: skip
    output = run("import_markdown", "--publish-anyway", str(posts), "--static-dir", str(static))
    article = Article.objects.get()
    assert article.hero_image.file and article.hero_image.alt == "Le graphique"
    assert f"]({article.hero_image_id})" in article.body  # one image for one file
    assert "1 image(s) rapatriée(s)" in output
    assert article.hero_image.file.url in page(client, article.slug)
