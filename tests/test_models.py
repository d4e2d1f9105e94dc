"""Models and querysets: what readers may see, reading time, tags, roles, images."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, ImageAsset
from roles.models import AlternativeTitle, Mission, Role
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_published_queryset_excludes_drafts_and_future_articles(make_article):
    """Only published articles whose date has come are visible."""
    live = make_article("En ligne")
    make_article("Brouillon", status=Article.Status.DRAFT)
    make_article("Programmé", days_ago=-2)
    assert list(Article.objects.published()) == [live]


def test_is_published_follows_the_same_rule(make_article):
    """The admin's tick column agrees with the queryset."""
    assert make_article().is_published()
    assert not make_article(status=Article.Status.DRAFT).is_published()
    assert not make_article(days_ago=-1).is_published()


def test_save_renders_body_html_toc_and_word_count(make_article):
    """Saving stores the HTML, the table of contents and the word count."""
    article = make_article(body="## Rôles clés\n\nUn deux trois quatre.\n\n### Détail\n\ncinq")
    assert '<h2 id="roles-cles">Rôles clés<a' in article.body_html
    assert article.toc[0]["id"] == "roles-cles"
    assert article.toc[0]["children"][0]["name"] == "Détail"
    assert article.word_count == 8


def test_reading_time_counts_body_and_roles(make_article, committed):
    """The computed reading time includes the roles' text (230 words a minute), once the
    role's change commits; a deleted role no longer counts."""
    article = make_article(body="mot " * 230)
    assert article.reading_time == 1
    with committed():
        role = Role.objects.create(
            article=article, title="Analyste", slug="analyste", intro="mot " * 300
        )
    article.refresh_from_db()
    assert article.reading_time == 3
    with committed():
        role.delete()
    article.refresh_from_db()
    assert article.reading_time == 1


def test_declared_reading_time_shown_only_when_forced(make_article):
    article = make_article(body="mot " * 10, declared_reading_time=7)
    assert article.displayed_reading_time == 1
    article.force_declared_reading_time = True
    assert article.displayed_reading_time == 7


def test_tag_label_is_separate_from_slug(make_tag):
    """A tag's slug stays `ops` while readers see « L'Ops »."""
    tag = make_tag("ops", label="L'Ops")
    assert (tag.slug, tag.display) == ("ops", "L'Ops")
    assert make_tag("data").display == "data"


def test_role_slug_unique_per_article(make_article):
    first, second = make_article(), make_article()
    Role.objects.create(article=first, title="Coach", slug="coach")
    Role.objects.create(article=second, title="Coach", slug="coach")
    with pytest.raises(IntegrityError):
        Role.objects.create(article=first, title="Coach bis", slug="coach")


def test_roles_are_ordered(make_article):
    article = make_article()
    Role.objects.create(article=article, title="B", slug="b", order=2)
    Role.objects.create(article=article, title="A", slug="a", order=1)
    assert [r.title for r in article.roles.all()] == ["A", "B"]


def test_structured_role_items_render_inline_markdown(make_article):
    """Missions and notes are plain fields; inline Markdown in them is rendered safely."""
    role = Role.objects.create(article=make_article(), title="Coach", slug="coach")
    mission = Mission.objects.create(role=role, text="Former les **équipes** <script>x</script>")
    assert mission.html == "Former les <strong>équipes</strong> "
    alt = AlternativeTitle.objects.create(
        role=role, title="Sales Coach", note="voir [ici](https://exemple.fr)"
    )
    assert alt.note_html == 'voir <a href="https://exemple.fr">ici</a>'


def test_image_asset_without_file_is_listed_as_missing(make_asset):
    present = make_asset(with_file=True)
    missing = make_asset(with_file=False)
    assert list(ImageAsset.objects.missing_file()) == [missing]
    assert present.width == 320 and present.height == 180


def test_uploading_a_missing_file_refreshes_articles_that_use_it(make_article, make_asset):
    """An article saved before its image file existed shows the image once the file arrives."""
    asset = make_asset(with_file=False)
    article = make_article(body=f"![Schéma]({asset.pk})")
    assert "Schéma" not in article.body_html  # readers are not shown a missing image
    asset.file.save("late.png", ContentFile(image_bytes(100, 50)), save=True)
    article.refresh_from_db()
    assert "Image manquante" not in article.body_html
    assert 'width="100"' in article.body_html


def test_updated_at_moves_on_save(make_article):
    article = make_article()
    before = article.updated_at
    article.title = "Nouveau titre"
    article.save()
    assert article.updated_at > before
    assert article.published_at < timezone.now() + timedelta(seconds=1)


def test_reserved_slugs_are_refused(make_article):
    """An article cannot take the address of a blog page such as /blog/tag/."""
    article = Article(title="Tag", slug="tag")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "est réservé" in str(error.value)
