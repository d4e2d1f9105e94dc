"""Keep the roles' stored HTML in step with the image assets it embeds."""

from django.dispatch import receiver

from articles.markdown import render_markdown
from articles.signals import image_asset_changed
from roles.models import Role


@receiver(image_asset_changed)
def rerender_roles_using_asset(sender, asset, **kwargs):
    for role in Role.objects.filter(intro__contains=str(asset.pk)):
        Role.objects.filter(pk=role.pk).update(intro_html=render_markdown(role.intro).html)
