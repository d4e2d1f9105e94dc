"""Keep stored HTML in step with the image assets it embeds."""

from django.dispatch import receiver

from articles.models import Article
from articles.signals import image_asset_changed


@receiver(image_asset_changed)
def rerender_articles_using_asset(sender, asset, **kwargs):
    """An asset got a file, a new size or alt text: refresh the articles that show it."""
    for article in Article.objects.filter(body__contains=str(asset.pk)):
        article.render()
        Article.objects.filter(pk=article.pk).update(
            body_html=article.body_html, toc=article.toc, word_count=article.word_count
        )
