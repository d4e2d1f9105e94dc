from django.urls import path

from roles import views

app_name = "roles"

urlpatterns = [
    path("<slug:article_slug>/<slug:slug>/", views.role_detail, name="detail"),
]
