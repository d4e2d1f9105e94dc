"""Forms of the articles app: images uploaded from the editor or the image admin."""

from django import forms

from articles.images import cleaned_upload
from articles.models import ImageAsset


class ImageUploadForm(forms.Form):
    """An image dropped into the editor; checked and re-encoded before anything is stored."""

    image = forms.FileField(label="image")
    alt = forms.CharField(label="texte alternatif", max_length=255, required=False)

    def clean_image(self):
        return cleaned_upload(self.cleaned_data["image"])

    def save(self):
        asset = ImageAsset(alt=self.cleaned_data.get("alt") or "")
        asset.file.save(self.cleaned_data["image"].name, self.cleaned_data["image"], save=False)
        asset.save()
        return asset


class ImageAssetAdminForm(forms.ModelForm):
    class Meta:
        model = ImageAsset
        fields = ["file", "alt", "caption", "credit", "focal_x", "focal_y"]
        # A plain file field: our checks (SVG, pixels, truncation) give the message, not
        # Django's generic « image non valide ».
        field_classes = {"file": forms.FileField}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if (
            upload
            and upload is not getattr(self.instance, "file", None)
            and hasattr(upload, "content_type")
        ):
            return cleaned_upload(upload)  # a new upload: checked and re-encoded
        return upload
