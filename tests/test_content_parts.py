"""The content core acts on every content type through the registry: what a part kind declares
(its slot in its whole's body, its words, the images it and its own parts show, its copy on
duplicate) is what articles show, count, check and copy."""

import pytest

from articles import markdown, registry, workflow
from articles.checklist import check_article, review_points
from articles.editor import markdownify
from articles.models import Article, ImageAsset
from roles.models import BackgroundItem, Mission, Role

WORDS = " ".join(["mot"] * 230)


@pytest.fixture
def declared():
    """Declarations made by the test, undone after it (the renderer's slots follow them)."""
    kinds = dict(registry._registry)
    yield registry.register
    registry._registry.clear()
    registry._registry.update(kinds)


def test_the_parts_within_a_kind_come_with_their_lookup_to_the_whole():
    article = registry.kind_of(Article)
    within = [(kind.label, lookup) for kind, lookup in registry.parts_within(article)]
    assert within == [
        ("roles.role", "article"),
        ("roles.mission", "role__article"),
        ("roles.backgrounditem", "role__article"),
        ("roles.alternativetitle", "role__article"),
        ("series.seriesentry", "article"),  # its place in a series (no slot: after the text)
    ]
    assert registry.slot_kinds(article) == [registry.kind_of(Role)]


def test_a_declared_slot_is_placed_by_its_line_and_shown_in_the_editors_preview(declared):
    """A part kind declaring the slot « encarts »: its line becomes an empty slot in the stored
    HTML (once, and not inside code), and the editor's preview shows its words there."""
    declared(
        registry.Kind(
            "tests.Encart",
            part_of="articles.Article",
            whole_field="article",
            slot="encarts",
            slot_preview="Les encarts de l'article s'affichent ici.",
        )
    )
    declared(registry.Kind("tests.Ligne", part_of="tests.Encart", whole_field="encart"))
    assert [(k.label, lookup) for k, lookup in registry.parts_within(registry.kind_of(Article))][
        -2:
    ] == [("tests.encart", "article"), ("tests.ligne", "encart__article")]
    text = "Avant.\n\n[[encarts]]\n\n```\n[[encarts]]\n```\n\n[[encarts]]\n\nAprès."
    html = markdown.render_markdown(text, dict).html
    assert html.count('<div class="encarts-slot"></div>') == 1
    assert "<code>[[encarts]]\n</code>" in html and "Après." in html
    preview = markdownify("Avant.\n\n[[encarts]]\n\n[[roles]]")
    assert "Les encarts de l'article s'affichent ici." in preview
    assert "Les rôles de l'article s'affichent ici." in preview


def test_an_article_reads_its_roles_words(make_article, committed):
    article = make_article("Les rôles", slug="les-roles", body=WORDS)
    assert article.reading_time == 1
    with committed():
        Role.objects.create(article=article, title="Coach", slug="coach", intro=WORDS)
    article.refresh_from_db()
    assert article.parts_word_count() == 230 and article.reading_time == 2


def test_an_image_without_alt_in_a_roles_list_is_named_by_the_checklist(
    staff_client, make_article, make_asset, make_tag, committed
):
    """A mission's image is shown on the role's page: the article's checklist (the form and
    the list's « points à revoir ») asks for its alt text, as for the role's own image."""
    portrait, pictogram = (
        make_asset(alt="", caption="Portrait"),
        make_asset(alt="", caption="Picto"),
    )
    article = make_article(
        "Les rôles de l'équipe revenue", slug="les-roles", tags=[make_tag("ops")]
    )
    with committed():
        role = Role.objects.create(article=article, title="Coach", slug="coach", image=portrait)
        Mission.objects.create(role=role, position=1, text=f"Former ![]({pictogram.pk})")
        BackgroundItem.objects.create(role=role, text="Dix ans de vente")
    texts = [check.text for check in check_article(article)]
    assert "ces images n'ont pas de texte alternatif : « Portrait », « Picto »." in texts
    (listed,) = review_points(Article.objects.filter(pk=article.pk).prefetch_related("tags"))[
        article.pk
    ]
    assert listed.text.startswith("ces images n'ont pas de texte alternatif")
    assert "« Portrait »" in listed.text and "« Picto »" in listed.text
    assert set(article.images_without_alt()) == {portrait, pictogram}
    assert article.images_without_alt(parts=False) == []


def test_usages_name_every_row_showing_an_image(make_article, make_asset, committed):
    """Hero, role's image, a role's text and one of its lists: each names itself."""
    asset = make_asset(alt="Schéma")
    article = make_article("Les rôles", slug="les-roles", hero_image=asset)
    with committed():
        role = Role.objects.create(
            article=article, title="Coach", slug="coach", image=asset, intro=f"![]({asset.pk})"
        )
        BackgroundItem.objects.create(role=role, text=f"Vente ![]({asset.pk})")
    assert ImageAsset.objects.get(pk=asset.pk).usages() == [
        "article « Les rôles » (image principale)",
        "rôle « Coach » de l'article « Les rôles »",
        "élément du parcours type du rôle « Coach » de l'article « Les rôles »",
    ]


def test_duplicate_copies_the_roles_with_their_tags_and_lists(make_article, make_tag, committed):
    tag = make_tag("ops")
    article = make_article("Les rôles", slug="les-roles", tags=[tag])
    with committed():
        role = Role.objects.create(article=article, title="Coach", slug="coach", intro="Texte.")
        role.tags.set([tag])
        Mission.objects.create(role=role, position=1, text="Former")
        BackgroundItem.objects.create(role=role, text="Dix ans de vente")
    with committed():
        copy_ = workflow.duplicate(article)
    assert copy_.slug == "les-roles-copie" and copy_.status == Article.Status.DRAFT
    (copied,) = Role.objects.filter(article=copy_)
    assert copied.pk != role.pk and [t.slug for t in copied.tags.all()] == ["ops"]
    assert [m.text for m in copied.missions.all()] == ["Former"]
    assert [b.text for b in copied.background.all()] == ["Dix ans de vente"]
    assert Role.objects.filter(article=article).get() == role  # the source keeps its own
