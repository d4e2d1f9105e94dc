"""System checks of the site's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "0.0.0.0"}  # noqa: S104 (names, no bind)


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """In production every absolute link (canonical, Open Graph, feeds, sitemap, shared preview
    links) is written with SITE_URL: it must be the public address, not the default."""
    if not settings.SITE_URL_SET:
        return [
            Error(
                "SITE_URL n'est pas défini : les liens absolus (canonique, Open Graph, flux RSS, "
                "sitemap, liens de prévisualisation) pointeraient vers "
                f"« {settings.SITE_URL} ».",
                hint="Définissez la variable d'environnement SITE_URL avec l'adresse publique du "
                "site, par exemple SITE_URL=https://www.exemple.fr",
                id="revops_site.E001",
            )
        ]
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        return [
            Error(
                f"SITE_URL « {settings.SITE_URL} » n'est pas une adresse de site : attendu "
                "https://nom-du-site, sans chemin.",
                id="revops_site.E002",
            )
        ]
    if parts.scheme != "https" or parts.netloc in LOCAL_HOSTS or parts.hostname in LOCAL_HOSTS:
        return [
            Warning(
                f"SITE_URL « {settings.SITE_URL} » n'est pas une adresse publique en https : "
                "les liens partagés et les moteurs de recherche la reprendront.",
                id="revops_site.W001",
            )
        ]
    return []
