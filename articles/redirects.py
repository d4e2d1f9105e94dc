"""Links that keep working: a moved article or role leaves a permanent redirect behind.

Chains are collapsed (a → b then b → c gives a → c and b → c), a redirect never points to
itself, and an address that shows content again stops redirecting.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse


def record_move(old_path, new_path):
    from articles.models import Redirect

    if old_path == new_path:
        return
    Redirect.objects.filter(old_path=new_path).delete()  # the new address is live now
    Redirect.objects.filter(new_path=old_path).update(new_path=new_path)  # collapse chains
    Redirect.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})


def record_article_move(article, old_slug):
    """The article and each of its role pages moved with the slug."""
    record_move(reverse("articles:detail", kwargs={"slug": old_slug}), article.get_absolute_url())
    for role in article.roles.all():
        old = reverse("roles:detail", kwargs={"article_slug": old_slug, "slug": role.slug})
        record_move(old, role.get_absolute_url())


def check_redirect(redirect):
    """Refuse a redirect an editor types that would loop or not be a site path."""
    from articles.models import Redirect

    for field in ("old_path", "new_path"):
        value = getattr(redirect, field)
        if not value.startswith("/") or value.startswith("//"):
            raise ValidationError({field: "Une adresse du site, qui commence par « / »."})
    if redirect.old_path == redirect.new_path:
        raise ValidationError("Une redirection ne peut pas mener à elle-même.")
    seen, target = {redirect.old_path}, redirect.new_path
    while target:
        if target in seen:
            raise ValidationError(
                f"Boucle de redirections : {redirect.new_path} ramène à {redirect.old_path}."
            )
        seen.add(target)
        target = (
            Redirect.objects.exclude(pk=redirect.pk)
            .filter(old_path=target)
            .values_list("new_path", flat=True)
            .first()
        )


class RedirectFallbackMiddleware:
    """On a 404, follow a recorded redirect (301) if there is one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        from articles.models import Redirect

        target = (
            Redirect.objects.filter(old_path=request.path)
            .values_list("new_path", flat=True)
            .first()
        )
        if target:
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
        return response
