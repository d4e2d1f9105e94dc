"""Keep stored HTML in step with the image assets it embeds."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.cache import bump
from articles.models import Article, Author, ImageAsset, Tag, TaggedArticle
from articles.signals import image_asset_changed

# Anything readers can see changed: every cached page moves on (after the commit).
for model in (Article, Author, Tag, TaggedArticle, ImageAsset):
    post_save.connect(bump, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
    post_delete.connect(bump, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")


@receiver(image_asset_changed)
def rerender_articles_using_asset(sender, asset, **kwargs):
    """An asset got a file, a new size or alt text: refresh the articles that show it."""
    for article in Article.objects.filter(body__contains=str(asset.pk)):
        article.render()
        Article.objects.filter(pk=article.pk).update(
            body_html=article.body_html, toc=article.toc, word_count=article.word_count
        )
