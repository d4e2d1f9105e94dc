"""Previews of a case study, drawn by its reader page (`clients.views.case_study_response`)
with a « version de travail » banner, not indexed, never cached: the editor's « Aperçu » of
the form as it stands (nothing written), and the signed, expiring, revocable link a reviewer
without an account reads it by (`/clients/apercu/<token>/`, as an article's
`/blog/apercu/<token>/`; the link's first address, under the admin, leads there)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.preview import PreviewLinks
from clients.models import CaseStudy
from clients.views import PAGE_QUERYSET, case_study_response
from revops_site.site_url import site_url

LINKS = PreviewLinks(CaseStudy, "clients.preview-link", "c")
make_token, read_token = LINKS.make_token, LINKS.read_token
UNSAVED_BANNER = (
    "Version de travail, vos modifications non enregistrées\u00a0: rien n’est enregistré, {where}."
)


def share_url(case_study):
    path = reverse("clients:shared_preview", kwargs={"token": make_token(case_study)})
    return site_url() + path


def where_it_stands(case_study):
    """Whether readers see the page, for the banner: a reviewer of a page online must not
    read « not published »."""
    state = case_study.publication_state()
    if state == CaseStudy.State.ONLINE:
        return "cette étude de cas est en ligne, telle que les lecteurs la voient"
    if state == CaseStudy.State.SCHEDULED:
        moment = date_format(timezone.localtime(case_study.published_at), "j F Y à H:i")
        return f"cette étude de cas sera publiée le {moment}"
    if state == CaseStudy.State.TAKEN_DOWN:
        return "cette étude de cas n’est plus publiée"
    return "cette étude de cas n’est pas publiée"


def shared_banner(case_study):
    return f"Version de travail, réservée à l’équipe\u00a0: {where_it_stands(case_study)}."


def preview_response(request, case_study, **lists):
    """The editor's « Aperçu »: `case_study` as the form stands, its lists as edited."""
    live = bool(case_study.pk) and CaseStudy.objects.published().filter(pk=case_study.pk)
    where = (
        "les lecteurs voient la version enregistrée"
        if live and live.exists()
        else "cette étude de cas n’est pas publiée"
    )
    banner = UNSAVED_BANNER.format(where=where)
    return case_study_response(request, case_study, preview=True, banner=banner, lists=lists)


def shared_preview(request, token):
    """A reviewer without an account reads one case study from a signed, expiring link."""
    pk = read_token(token)
    if pk is None:
        raise Http404("Lien d'aperçu expiré ou révoqué")
    case_study = get_object_or_404(PAGE_QUERYSET, pk=pk)
    return case_study_response(request, case_study, preview=True, banner=shared_banner(case_study))


def old_shared_preview(request, token):
    """The share links first given out, under the admin: to the same page, by its address."""
    return redirect("clients:shared_preview", token=token)
