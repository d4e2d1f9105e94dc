"""Keep the roles' stored HTML in step with the image assets it embeds."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.cache import bump
from articles.markdown import render_markdown
from articles.models import ImageAsset
from articles.signals import image_asset_changed
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role, TaggedRole

for model in (Role, TaggedRole, Mission, BackgroundItem, AlternativeTitle):
    post_save.connect(bump, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
    post_delete.connect(bump, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")


@receiver(image_asset_changed)
def rerender_roles_using_asset(sender, asset, **kwargs):
    for role in Role.objects.filter(intro__contains=str(asset.pk)):
        Role.objects.filter(pk=role.pk).update(
            intro_html=render_markdown(role.intro, ImageAsset.objects.lookup).html
        )


@receiver([post_save, post_delete], sender=Mission)
@receiver([post_save, post_delete], sender=BackgroundItem)
@receiver([post_save, post_delete], sender=AlternativeTitle)
def refresh_role_search_text(sender, instance, **kwargs):
    """Editing a mission or an alternative title in the admin keeps the role findable."""
    role = Role.objects.filter(pk=instance.role_id).first()
    if role is not None:
        role.refresh_search_text()
