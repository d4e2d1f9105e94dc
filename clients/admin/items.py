"""A case study's quotes and deliverables, edited inside its form as a role's missions are
(`articles.admin.items`: the same rows, drag handle and « Monter / Descendre », the same rules:
a row left empty creates nothing, clearing an item deletes it, a list the form does not carry
is left as it is, all saved with the case study or not at all)."""

from articles.admin.items import ItemForm, ItemList, ItemsMixin, item_formset, wide_text
from clients.models import CaseStudy, Deliverable, Quote


class QuoteForm(ItemForm):
    class Meta:
        model = Quote
        fields = ["position", "text"]
        widgets = {"text": wide_text(2, "Citation")}


class DeliverableForm(ItemForm):
    class Meta:
        model = Deliverable
        fields = ["position", "text"]
        widgets = {"text": wide_text(2, "Livrable")}


ITEM_LISTS = [
    ItemList(
        "quotes",
        "Citations",
        item_formset(CaseStudy, QuoteForm),
        ["text"],
        ("Citations", "Citation", "Ajouter une citation"),
    ),
    ItemList(
        "deliverables",
        "Livrables",
        item_formset(CaseStudy, DeliverableForm),
        ["text"],
        ("Livrables", "Livrable", "Ajouter un livrable"),
    ),
]


class CaseStudyItemsMixin(ItemsMixin):
    """For the case study's ModelForm: its quotes and deliverables as nested formsets,
    validated, compared (conflicts) and saved with it."""

    item_lists = ITEM_LISTS
    items_invalid = (
        "Une citation ou un livrable de cette étude de cas est à corriger : voyez les messages "
        "dans ses listes ci-dessous."
    )
