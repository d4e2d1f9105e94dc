"""Shared fixtures: a temporary MEDIA_ROOT for every test, and small builders for content."""

import io
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, ImageAsset, Tag


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def page_generation_file(settings, tmp_path):
    """Each test has its own content generation (the file all processes read)."""
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "page-generation")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Most tests look at fresh pages; tests of the page cache turn it on themselves. Each
    test starts with an empty cache (ids are reused from one test to the next)."""
    settings.PAGE_CACHE_SECONDS = 0
    caches["default"].clear()


def image_bytes(width=64, height=48, fmt="PNG", color=(40, 90, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def png_bytes():
    return image_bytes()


@pytest.fixture
def author(db):
    return Author.objects.create(name="Camille Martin", slug="camille-martin", bio="Consultante.")


@pytest.fixture
def make_tag(db):
    def make(name, label=""):
        return Tag.objects.create(name=name, slug=name, label=label)

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for a commit (the indexing step, the page cache's
    second move) at the end of the block, as the end of a real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_article(db, author, committed):
    counter = iter(range(1, 10_000))

    def make(title=None, *, tags=(), status=Article.Status.PUBLISHED, days_ago=1, **fields):
        number = next(counter)
        title = title or f"Article numéro {number}"
        fields.setdefault("slug", f"article-{number}")
        fields.setdefault("body", f"## Introduction\n\nTexte de l'article {number}.")
        fields.setdefault("published_at", timezone.now() - timedelta(days=days_ago))
        with committed():  # an editor's save, committed
            article = Article.objects.create(title=title, author=author, status=status, **fields)
            if tags:
                article.tags.set(list(tags))
        return article

    return make


@pytest.fixture
def make_asset(db):
    def make(alt="Schéma", with_file=True, **fields):
        asset = ImageAsset(alt=alt, **fields)
        if with_file:
            asset.file.save("figure.png", ContentFile(image_bytes(320, 180)), save=False)
        asset.save()
        return asset

    return make


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="redaction", password="un-mot-de-passe-solide-42", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
