"""Authors and tags: what articles are filed under."""

from django.db import models
from django.urls import reverse
from taggit.models import TagBase, TaggedItemBase


class Author(models.Model):
    BIO_MAX_LENGTH = 2000  # checked on import (a TextField has no column limit)

    name = models.CharField("nom", max_length=120)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    bio = models.TextField("courte biographie", blank=True, help_text="Deux ou trois phrases.")
    avatar = models.ImageField("photo", upload_to="authors/", blank=True)

    class Meta:
        verbose_name = "auteur"
        verbose_name_plural = "auteurs"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Tag(TagBase):
    """A tag: `slug` is what URLs and front matter use, `label` what readers see."""

    label = models.CharField(
        "libellé affiché",
        max_length=100,
        blank=True,
        help_text="Libellé en français montré aux lecteurs, par exemple « L'Ops » pour ops. "
        "Vide : le nom du tag.",
    )

    class Meta:
        verbose_name = "tag"
        verbose_name_plural = "tags"
        ordering = ["name"]

    @property
    def display(self):
        return self.label or self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"tag_slug": self.slug})


class TaggedArticle(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tag d'article"
        verbose_name_plural = "tags d'articles"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
