"""Previews of a case study: the editor's « Aperçu » of the form as it stands (nothing
written), and the signed, expiring, revocable link a reviewer without an account reads it by.

The reader page of a case study is the clients' own view (issue 21, another helper's part);
until it exists, both previews draw `clients/preview.html`, a minimal page of the same content.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from clients.models import CaseStudy
from revops_site.site_url import site_url

SALT = "clients.preview-link"


def make_token(case_study):
    return signing.dumps({"c": case_study.pk, "v": case_study.preview_version}, salt=SALT)


def share_url(case_study):
    path = reverse(
        "admin:clients_casestudy_shared_preview", kwargs={"token": make_token(case_study)}
    )
    return site_url() + path


def read_token(token):
    """The case study's pk, or None when the link is forged, expired or revoked."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    current = CaseStudy.objects.filter(pk=data.get("c")).values_list("preview_version", flat=True)
    if not current or current[0] != data.get("v"):
        return None
    return data["c"]


def preview_response(request, case_study, *, banner, quotes=None, deliverables=None, **lists):
    """The page of `case_study` as readers would get it, marked as a preview (noindex)."""
    saved = bool(case_study.pk)
    context = {
        "case_study": case_study,
        "quotes": quotes if quotes is not None else (case_study.quotes.all() if saved else []),
        "deliverables": deliverables
        if deliverables is not None
        else (case_study.deliverables.all() if saved else []),
        "scopes": lists.get("scopes", case_study.scopes.all() if saved else []),
        "tools": lists.get("tools", case_study.tools.all() if saved else []),
        "team": lists.get("team", case_study.team.all() if saved else []),
        "preview": True,
        "preview_banner": banner,
        "noindex": True,
    }
    response = render(request, "clients/preview.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def shared_preview(request, token):
    """A reviewer without an account reads one case study from a signed, expiring link."""
    pk = read_token(token)
    if pk is None:
        raise Http404("Lien d'aperçu expiré ou révoqué")
    case_study = get_object_or_404(CaseStudy, pk=pk)
    return preview_response(
        request, case_study, banner="Aperçu réservé à l’équipe : cette page n’est pas publiée."
    )
