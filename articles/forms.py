"""Forms of the articles app: images uploaded from the editor, the image admin or the author
admin (a photo)."""

from django import forms

from articles.images import cleaned_upload
from articles.models import Author, ImageAsset


class ImageUploadForm(forms.Form):
    """An image dropped into the editor; checked and re-encoded before anything is stored."""

    image = forms.FileField(label="image")
    alt = forms.CharField(label="texte alternatif", max_length=255, required=False)

    def clean_image(self):
        return cleaned_upload(self.cleaned_data["image"])

    def clean_alt(self):
        """One line, and no square bracket: the text goes inside `![…](<uuid>)`, which a `]`
        would close early."""
        alt = " ".join(self.cleaned_data.get("alt", "").split())
        return alt.replace("[", "(").replace("]", ")")

    def save(self):
        asset = ImageAsset(alt=self.cleaned_data.get("alt") or "")
        asset.file.save(self.cleaned_data["image"].name, self.cleaned_data["image"], save=False)
        asset.save()
        return asset


def cleaned_new_upload(upload, current):
    """A new upload checked and re-encoded (GPS, comments, trailing bytes and its original name
    gone); the file already stored, or none, as it is."""
    if upload and upload is not current and hasattr(upload, "content_type"):
        return cleaned_upload(upload)
    return upload


class ImageAssetAdminForm(forms.ModelForm):
    class Meta:
        model = ImageAsset
        fields = ["file", "alt", "caption", "credit", "focal_x", "focal_y"]
        # A plain file field: our checks (SVG, pixels, truncation) give the message, not
        # Django's generic « image non valide ».
        field_classes = {"file": forms.FileField}

    def clean_file(self):
        return cleaned_new_upload(
            self.cleaned_data.get("file"), getattr(self.instance, "file", None)
        )


class AuthorAdminForm(forms.ModelForm):
    """An author's photo goes through the same checks and re-encoding as every other image."""

    class Meta:
        model = Author
        fields = ["name", "slug", "bio", "avatar"]
        field_classes = {"avatar": forms.FileField}

    def clean_avatar(self):
        return cleaned_new_upload(
            self.cleaned_data.get("avatar"), getattr(self.instance, "avatar", None)
        )
