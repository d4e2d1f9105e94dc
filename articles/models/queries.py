"""The reader pages' questions about a set of articles, as `ArticleQuerySet` methods (a mixin,
so that the views state them and never build these queries themselves): the articles carrying
tags, the tags in use among them, and the articles related to one by its tags."""

from collections import Counter

from django.db.models import Count, Q

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

    def tags_in_use(self, limit, selected=()):
        """The `limit` most used tags of these articles, each with the number of them it is on
        (`count`), in name order; and the `selected` tags (slugs) themselves (`count` None when
        none of these articles has them). Two queries."""
        counts = (
            TaggedArticle.objects.filter(content_object__in=self.values("pk"))
            .values("tag_id")
            .annotate(count=Count("id"))
            # The selected tags are on every article counted: room for them at the top.
            .order_by("-count", "tag_id")[: limit + len(selected)]
        )
        by_id = {row["tag_id"]: row["count"] for row in counts}
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
