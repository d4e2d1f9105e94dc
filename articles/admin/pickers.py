"""The image picker of the article's hero and of its parts' images: thumbnails, search, and
never an image without a file on offer.

It is Django's own admin autocomplete (select2, shipped with the admin), answered by our view
(`ImagePickerJsonView`, served by the image library) with what tells images apart when their
alt texts are the same: a thumbnail, the file name and the size. `js/admin-image-picker.js`
draws them in the list and fills the card under the input (thumbnail, alt text, credit) as
the choice changes. A custom dialog would have meant our own focus handling, keyboard and
paging: select2 already does all three, and the tag input uses it too.

Images without a file (placeholders an import made before their file came) are never offered;
one already chosen stays chosen and shows as such (« fichier manquant »), so that saving the
page unchanged keeps it rather than dropping it without a word.
"""

from pathlib import PurePosixPath

from django import forms
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import reverse

from articles.models import ImageAsset

NO_ALT = "Sans texte alternatif"
MISSING_FILE = "Fichier manquant"


def thumbnail_url(asset):
    """The smallest picture of the whole image: its narrowest rendition (WebP first, which
    every browser the admin supports reads), or the file itself when it is that small."""
    if not asset.file:
        return ""
    full = [r for r in (asset.renditions or []) if r["kind"] == "full"]
    if full:
        smallest = min(full, key=lambda r: (r["width"], r["format"] != "webp"))
        return default_storage.url(smallest["name"])
    return asset.file.url


def file_name(asset):
    return PurePosixPath(asset.file.name).name if asset.file else ""


def size_label(asset):
    return f"{asset.width} × {asset.height} px" if asset.width and asset.height else ""


def describe(asset):
    """What the picker shows of an image (the JSON answer, and the option already chosen)."""
    return {
        "id": str(asset.pk),
        "text": asset.alt or NO_ALT,
        "alt": asset.alt,
        "thumb": thumbnail_url(asset),
        "file": file_name(asset),
        "size": size_label(asset),
        "credit": asset.credit,
        "caption": asset.caption,
        "missing": not asset.file,
        "url": reverse("admin:articles_imageasset_change", args=[asset.pk]),
    }


HAS_FILE = ~(Q(file="") | Q(file__isnull=True))


def with_file(queryset):
    return queryset.filter(HAS_FILE)


def offered_images(current=()):
    """The images a picker may be given: those with a file, and the ones already chosen."""
    current = [pk for pk in current if pk]
    return ImageAsset.objects.filter(HAS_FILE | Q(pk__in=current) if current else HAS_FILE)


class ImagePicker(AutocompleteSelect):
    """The admin's autocomplete for an image, set up by `js/admin-image-picker.js` (not by the
    admin's autocomplete.js, which knows no thumbnails)."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:articles_imageasset_picker")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "admin-image-picker")
        attrs["data-placeholder"] = "Chercher une image (texte alternatif, légende, fichier)"
        return attrs

    def chosen(self, value):
        values = [str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v]
        if not values:
            return None
        try:
            return self.choices.queryset.using(self.db).filter(pk__in=values).first()
        except (ValueError, forms.ValidationError):
            return None

    def optgroups(self, name, value, attr=None):
        """The chosen image as the only option, carrying what the picker draws of it."""
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        asset = self.chosen(value)
        if asset is not None:
            option = self.create_option(name, str(asset.pk), picker_label(asset), True, 1)
            for key, data in describe(asset).items():
                if key not in ("id", "text"):
                    option["attrs"][f"data-{key}"] = "1" if data is True else data or ""
            options.append(option)
        return [(None, options, 0)]

    @property
    def media(self):
        # The admin's media without its autocomplete.js (ours sets these inputs up); listed
        # after jquery.init.js so that `django.jQuery` exists when the script runs.
        base = super().media
        js = [path for path in base._js if not str(path).endswith("admin/js/autocomplete.js")]
        return forms.Media(
            js=[*js, "js/admin-image-picker.js"],
            css={**base._css, "all": ["css/admin-image-picker.css"]},
        )


def picker_label(asset):
    """The option's text where no script draws it: alt text, file name and size, or the
    missing file said plainly."""
    parts = [asset.alt or NO_ALT]
    if asset.file:
        parts += [file_name(asset), size_label(asset)]
    else:
        parts.append(MISSING_FILE.lower())
    return " — ".join(p for p in parts if p)


class ImagePickerJsonView(AutocompleteJsonView):
    """The admin's autocomplete answer for images: only those with a file, each with its
    thumbnail, file name, size and credit."""

    def get_queryset(self):
        return with_file(super().get_queryset())

    def serialize_result(self, obj, to_field_name):
        return describe(obj)


class ImagePickerAdminMixin:
    """A ModelAdmin or inline whose `image_picker_fields` get the image picker.

    The field is offered images with a file, plus the images the object (or, for an inline,
    the parent's children) already shows: a placeholder chosen before stays valid, a new one
    cannot be chosen, even by a hand-made request."""

    image_picker_fields = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.image_picker_fields:
            kwargs["widget"] = ImagePicker(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs["queryset"] = offered_images()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def current_images(self, obj):
        """The images `obj` shows through the picker fields."""
        return [getattr(obj, f"{name}_id", None) for name in self.image_picker_fields]

    def offer_current(self, form_class, current):
        for name in self.image_picker_fields:
            field = form_class.base_fields.get(name)
            if field is not None:
                field.queryset = offered_images(current)
        return form_class

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return self.offer_current(form, self.current_images(obj) if obj else [])

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.pk:
            children = formset.model._default_manager.filter(**{formset.fk.name: obj})
            current = [pk for row in children.values_list(*self.picker_columns()) for pk in row]
        else:
            current = []
        self.offer_current(formset.form, current)
        return formset

    def picker_columns(self):
        return [f"{name}_id" for name in self.image_picker_fields]
