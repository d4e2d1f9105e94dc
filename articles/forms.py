"""Forms of the articles app: images uploaded from the editor, the image admin or the author
admin (a photo)."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from articles.images import cleaned_upload
from articles.models import Author, ImageAsset
from articles.models.media import content_hash, readable_name


def uploaded(upload):
    """(name, sha256) of a file as the editor dropped it, before its re-encoding."""
    return readable_name(getattr(upload, "name", "")), content_hash(upload)


class ImageUploadForm(forms.Form):
    """An image dropped into the editor; checked and re-encoded before anything is stored."""

    image = forms.FileField(label="image")
    alt = forms.CharField(label="texte alternatif", max_length=255, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        self.original_name, self.content_hash = uploaded(upload)
        self.existing = ImageAsset.objects.same_content(self.content_hash)
        if self.existing is not None:
            return upload  # the library has it: nothing is re-encoded or stored again
        return cleaned_upload(upload)

    def clean_alt(self):
        """One line, and no square bracket: the text goes inside `![…](<uuid>)`, which a `]`
        would close early."""
        alt = " ".join(self.cleaned_data.get("alt", "").split())
        return alt.replace("[", "(").replace("]", ")")

    def save(self):
        """The new image, or the one already holding these bytes (given the alt text and the
        name it lacked): the same file dropped twice is one image."""
        alt = self.cleaned_data.get("alt") or ""
        asset = self.existing
        if asset is not None:
            changed = {}
            if alt and not asset.alt:
                changed["alt"] = alt
            if not asset.original_name:
                changed["original_name"] = self.original_name
            if not asset.content_hash:
                changed["content_hash"] = self.content_hash
            if changed:
                for name, value in changed.items():
                    setattr(asset, name, value)
                asset.save(update_fields=list(changed))
            return asset
        asset = ImageAsset(
            alt=alt, original_name=self.original_name, content_hash=self.content_hash
        )
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
        fields = ["file", "original_name", "alt", "caption", "credit", "focal_x", "focal_y"]
        # A plain file field: our checks (SVG, pixels, truncation) give the message, not
        # Django's generic « image non valide ».
        field_classes = {"file": forms.FileField}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        current = getattr(self.instance, "file", None)
        if upload and upload is not current and hasattr(upload, "content_type"):
            name, digest = uploaded(upload)
            same = ImageAsset.objects.same_content(digest)
            if same is not None and same.pk != self.instance.pk:
                raise forms.ValidationError(
                    format_html(
                        "Ce fichier est déjà dans la bibliothèque : "
                        '<a href="{}">{}</a>. Utilisez cette image plutôt qu\'une copie.',
                        reverse("admin:articles_imageasset_change", args=[same.pk]),
                        same.original_name or same.alt or str(same.pk),
                    )
                )
            self.dropped_name, self.instance.content_hash = name, digest
        return cleaned_new_upload(upload, current)

    def clean_original_name(self):
        return readable_name(self.cleaned_data.get("original_name", ""))

    def clean(self):
        """A new file names the image unless the editor wrote a name."""
        cleaned = super().clean()
        if getattr(self, "dropped_name", "") and not cleaned.get("original_name"):
            cleaned["original_name"] = self.dropped_name
        return cleaned


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
