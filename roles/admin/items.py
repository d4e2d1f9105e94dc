"""A role's lists (missions, background items, alternative titles) edited inside the role's own
form, wherever the role is edited: in its block on the article page and on its own page.

The widget is the one every holder of ordered lists shares (`articles.admin.items`: nested
formsets, drag handle and « Monter / Descendre », empty rows ignored, cleared items deleted);
here are the role's lists and their forms. Background is one formset shown as two lists, one
per kind (experience, certifications)."""

from django import forms

from articles.admin.items import ItemForm, ItemList, ItemsMixin, item_formset, wide_text
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

KIND = BackgroundItem.Kind
ITEMS_INVALID = (
    "Une mission, un élément du parcours ou un autre intitulé de ce rôle est à corriger : "
    "voyez les messages dans ses listes ci-dessous."
)


class MissionForm(ItemForm):
    class Meta:
        model = Mission
        fields = ["position", "text"]
        widgets = {"text": wide_text(2, "Mission")}


class BackgroundItemForm(ItemForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.HiddenInput()

    class Meta:
        model = BackgroundItem
        fields = ["kind", "position", "text"]
        widgets = {"text": wide_text(2, "Élément du parcours")}


class AlternativeTitleForm(ItemForm):
    content_fields = ("title", "note")
    required_field = "title"

    class Meta:
        model = AlternativeTitle
        fields = ["position", "separator", "title", "note"]
        widgets = {
            # The word that joins it to the title before it on one line (« ou »); empty: a line
            # of its own.
            "separator": forms.TextInput(
                attrs={
                    "class": "role-item__input role-item__input--separator",
                    "aria-label": "Lien avec l'intitulé précédent",
                    "placeholder": "ou, « , »",
                    "size": 4,
                }
            ),
            "title": wide_text(1, "Intitulé", "Intitulé"),
            "note": wide_text(1, "Précision", "Précision (facultative)"),
        }


ITEM_LISTS = [
    ItemList(
        "missions",
        "Missions",
        item_formset(Role, MissionForm),
        ["text"],
        ("Missions principales", "Mission", "Ajouter une mission"),
    ),
    ItemList(
        "background",
        "Parcours type",
        item_formset(Role, BackgroundItemForm),
        ["text"],
        (None, "Élément du parcours", None),
        kinds=[
            (KIND.EXPERIENCE, "Parcours type : expérience préalable", "Ajouter une expérience"),
            (
                KIND.CERTIFICATION,
                "Parcours type : certifications recommandées",
                "Ajouter une certification",
            ),
        ],  # fmt: skip
        kind_labels=dict(KIND.choices),
    ),
    ItemList(
        "alternative_titles",
        "Autres intitulés",
        item_formset(Role, AlternativeTitleForm),
        ["title", "note", "separator"],
        ("Autres intitulés du poste", "Autre intitulé", "Ajouter un intitulé"),
    ),
]


class RoleItemsMixin(ItemsMixin):
    """For a role's ModelForm: its lists as nested formsets, validated, compared and saved
    with it."""

    item_lists = ITEM_LISTS
    items_invalid = ITEMS_INVALID
