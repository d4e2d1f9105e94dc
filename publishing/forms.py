"""Forms of the admin's import page."""

from django import forms
from django.utils.functional import lazy

from articles.models import Article
from publishing.sources import bundle_folders

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier",
        # Lazy: the part kinds are declared once every app is ready, after this module is read.
        help_text=lazy(
            lambda: (
                "Un article (.md) ou une archive .zip de dossiers d'articles "
                f"(<slug>/index.md, {', '.join(bundle_folders())}). Les images qu'un autre blog "
                "désigne par une adresse (https://…) restent des images externes : pour les "
                "rapatrier, la commande import_markdown --media-url-map lit leurs fichiers."
            ),
            str,
        )(),
    )
    status = forms.ChoiceField(
        label="Statut des nouveaux articles",
        required=False,
        choices=[
            ("", "Celui du fichier (draft/status), sinon publié"),
            (Article.Status.PUBLISHED, "Publié"),
            (Article.Status.DRAFT, "Brouillon"),
        ],
        help_text="Un article en erreur dans la liste de contrôle arrive en brouillon, sauf "
        "si « Publier malgré tout » est coché.",
    )
    permalink = forms.CharField(
        label="Règle d'adresse de l'ancien blog",
        required=False,
        max_length=200,
        help_text="Facultatif, pour un blog fait avec un autre outil (Hugo, Jekyll, Astro…) "
        "quand sa configuration ne la donne pas : par exemple « /blog/:slug/ » ou "
        "« /:year/:month/:day/:title.html ». Chaque ancienne adresse mène alors à l'article "
        "importé.",
    )
    publish_anyway = forms.BooleanField(
        label="Publier malgré tout",
        required=False,
        help_text="Sans cette case, un article que la liste de contrôle trouve en erreur "
        "(image sans texte alternatif ou sans fichier, lien interne cassé, aucun tag…) est "
        "importé en brouillon, quel que soit le statut choisi ; un article déjà publié le reste.",
    )
    skip_invalid = forms.BooleanField(
        label="Importer les fichiers valides et ignorer les autres", required=False
    )
    strict = forms.BooleanField(
        label="Traiter les avertissements comme des erreurs", required=False
    )

    def clean_permalink(self):
        rule = self.cleaned_data["permalink"].strip()
        if rule and (not rule.startswith("/") or ":" not in rule or any(c.isspace() for c in rule)):
            raise forms.ValidationError(
                "Une règle d'adresse commence par « / » et contient au moins un champ comme "
                "« :slug » ou « :title », sans espace : par exemple « /blog/:slug/ »."
            )
        return rule

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Fichier trop lourd : 50 Mo au plus.")
        if not upload.name.lower().endswith((".md", ".markdown", ".txt", ".zip")):
            raise forms.ValidationError("Envoyez un fichier .md ou une archive .zip.")
        return upload
