"""The questions asked of a set of articles, as `ArticleQuerySet` methods: what readers may
see and the states editors see (`published()`, `drafts()`, `scheduled()`, `taken_down()`), the
reading time recounted with the words of every part, what a card needs; and the reader pages'
questions (`ReaderQueries`, so that the views state them and never build these queries
themselves): the articles carrying tags, the tags in use among them, and the articles related to
one by its tags."""

from collections import Counter

from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Ceil, Coalesce, Greatest

from articles import registry
from articles.models.publication import PublishableQuerySet
from articles.models.taxonomy import Tag, TaggedArticle


class ReaderQueries:
    def tagged(self, slugs):
        """The articles carrying every one of the tags (one subquery per tag, one query in
        all)."""
        articles = self
        for slug in slugs:
            articles = articles.filter(
                pk__in=TaggedArticle.objects.filter(tag__slug=slug).values("content_object")
            )
        return articles

    def tags_in_use(self, limit, selected=(), more=()):
        """The `limit` most used tags of these articles, each with the number of them it is on
        (`count`), in name order; and the `selected` tags (slugs) themselves (`count` None when
        none of these articles has them). Two queries.

        `more`: {tag id: count} of other rows carrying the tags (the case studies a search
        found), added to the articles' before the most used are chosen."""
        more = [extra for extra in more if extra]
        counts = (
            TaggedArticle.objects.filter(content_object__in=self.values("pk"))
            .values("tag_id")
            .annotate(count=Count("id"))
            .order_by("-count", "tag_id")
        )
        # Without others, the database keeps the most used; with them, every count is summed.
        counts = counts if more else counts[: limit + len(selected)]
        by_id = {row["tag_id"]: row["count"] for row in counts}
        for extra in more:
            for tag_id, number in extra.items():
                by_id[tag_id] = by_id.get(tag_id, 0) + number
        # The selected tags are on every row counted: room for them at the top.
        kept = sorted(by_id.items(), key=lambda item: (-item[1], item[0]))[: limit + len(selected)]
        by_id = dict(kept)
        chosen = Q(pk__in=by_id) | Q(slug__in=selected) if selected else Q(pk__in=by_id)
        tags = list(Tag.objects.filter(chosen).order_by("name"))
        for tag in tags:
            tag.count = by_id.get(tag.pk)
        return tags

    def related_to(self, article, tag_ids, limit=3):
        """Those of these articles sharing the most of `tag_ids` with `article`, then the most
        recent, as listings show them (a list)."""
        if not tag_ids:
            return []
        # Small steps the database answers from its indexes (a join here lets SQLite scan the
        # articles): the taggings of these few tags, which of those articles are among these,
        # newest first, then the chosen ones in full.
        taggings = TaggedArticle.objects.filter(tag_id__in=tag_ids).exclude(
            content_object_id=article.pk
        )
        shared = Counter(taggings.values_list("content_object_id", flat=True))
        newest_first = (
            self.filter(pk__in=taggings.values("content_object_id"))
            .order_by("-published_at")
            .values_list("pk", flat=True)
        )
        # A stable sort on the shared count keeps the newest first among equals.
        best = sorted(newest_first, key=lambda pk: shared[pk], reverse=True)[:limit]
        chosen = {a.pk: a for a in self.model.objects.for_listing().filter(pk__in=best)}
        return [chosen[pk] for pk in best]


WORDS_PER_MINUTE = 230


# Large columns that neither cards nor the article page need.
PAGE_DEFERRED = ("body", "search_title", "search_text", "front_matter_extra")
LISTING_DEFERRED = (*PAGE_DEFERRED, "body_html", "toc")


class ArticleQuerySet(ReaderQueries, PublishableQuerySet):
    """The publishing rule and the editors' states (`PublishableQuerySet`: `published()`,
    `drafts()`, `scheduled()`, `taken_down()`), the reading time, what a card needs."""

    def recount_reading_time(self):
        """The body and the words of every rendered part (`registry.Kind.parts()`), in one
        UPDATE (a part changed: its article reads longer or shorter)."""
        words = F("word_count")
        for kind in registry.kind_of(self.model).parts():
            if not kind.rendered:
                continue
            counted = (
                kind.model_class.objects.filter(**{kind.whole_field: OuterRef("pk")})
                .values(kind.whole_field)
                .annotate(words=Sum("word_count"))
                .values("words")
            )
            words = words + Coalesce(Subquery(counted), 0)
        minutes = Ceil(Cast(words, FloatField()) / WORDS_PER_MINUTE)
        return self.update(reading_time=Greatest(Value(1), minutes, output_field=IntegerField()))

    def for_listing(self):
        """What a card shows: no Markdown, HTML or search text is fetched for a list."""
        return (
            self.select_related("author", "hero_image")
            .prefetch_related("tags")
            .defer(*LISTING_DEFERRED)
        )
