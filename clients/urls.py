"""The case studies' addresses, under /clients/ (revops_site.urls), and the old addresses of
the firm's site (/stories/<slug>, /testimonial/<slug>) leading to them for good."""

from django.urls import path
from django.views.generic import RedirectView

from clients import feeds, preview, views

app_name = "clients"

urlpatterns = [
    path("", views.case_study_list, name="index"),
    path("flux/rss/", feeds.LatestCaseStudiesFeed(), name="feed_rss"),
    # A case study's share link: signed, for reviewers without an account.
    path("apercu/<str:token>/", preview.shared_preview, name="shared_preview"),
    path("<slug:slug>/", views.case_study_detail, name="detail"),
]

# Included at the site's root: with or without the final slash, a 301 to the case study.
OLD_ADDRESSES = [
    path(
        f"{old}/<slug:slug>{slash}",
        RedirectView.as_view(pattern_name="clients:detail", permanent=True),
    )
    for old in ("stories", "testimonial")
    for slash in ("", "/")
]
