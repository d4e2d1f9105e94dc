"""Forms of the articles app."""

from django import forms
from django.conf import settings
from PIL import Image, UnidentifiedImageError

from articles.models import ImageAsset

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class ImageUploadForm(forms.Form):
    """An image dropped into the editor; its format is read from its bytes, not its name."""

    image = forms.FileField(label="image")
    alt = forms.CharField(label="texte alternatif", max_length=255, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        limit = settings.IMAGE_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Fichier trop lourd ({upload.size // 1024} Ko) : la limite est de "
                f"{limit // (1024 * 1024)} Mo."
            )
        try:
            with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
                image.verify()
                detected = image.format
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise forms.ValidationError(
                "Ce fichier n'est pas une image JPEG, PNG, GIF ou WebP lisible."
            ) from exc
        except Image.DecompressionBombError as exc:
            raise forms.ValidationError("Image trop grande (nombre de pixels).") from exc
        upload.seek(0)
        upload.name = f"upload.{EXTENSIONS[detected]}"
        return upload

    def save(self):
        stem = self.cleaned_data["image"].name
        alt = self.cleaned_data.get("alt") or ""
        asset = ImageAsset(alt=alt)
        asset.file.save(stem, self.cleaned_data["image"], save=False)
        asset.save()
        return asset
