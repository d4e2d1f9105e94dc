"""A case study's quotes and deliverables, edited inside its form as a role's missions are
(`roles.admin.items`: the same rows, drag handle and « Monter / Descendre », the same rules:
a row left empty creates nothing, clearing an item deletes it, a list the form does not carry
is left as it is, all saved with the case study or not at all)."""

from django.forms.models import inlineformset_factory

from clients.models import CaseStudy, Deliverable, Quote
from roles.admin.items import ItemForm, ItemFormSet, ItemList, RoleItemsMixin, section, wide_text

ITEMS_INVALID = (
    "Une citation ou un livrable de cette étude de cas est à corriger : voyez les messages "
    "dans ses listes ci-dessous."
)


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


def item_formset(form):
    return inlineformset_factory(
        CaseStudy, form._meta.model, form=form, formset=ItemFormSet, extra=0, can_delete=True
    )


ITEM_LISTS = [
    ItemList("quotes", "Citations", item_formset(QuoteForm), ["text"]),
    ItemList("deliverables", "Livrables", item_formset(DeliverableForm), ["text"]),
]
# On screen: the heading of a list, the name of one item, the « add » button.
SCREEN = {
    "quotes": ("Citations", "Citation", "Ajouter une citation"),
    "deliverables": ("Livrables", "Livrable", "Ajouter un livrable"),
}


class CaseStudyItemsMixin(RoleItemsMixin):
    """For the case study's ModelForm: its quotes and deliverables as nested formsets,
    validated, compared (conflicts) and saved with it."""

    def __init__(self, *args, **kwargs):
        super(RoleItemsMixin, self).__init__(*args, **kwargs)
        self.keeps_theirs = False
        self.item_formsets = {}
        for item_list in ITEM_LISTS:
            prefix = self.add_prefix(item_list.prefix)
            submitted = self.is_bound and f"{prefix}-TOTAL_FORMS" in self.data
            self.item_formsets[item_list.prefix] = item_list.formset(
                data=self.data if submitted else None, instance=self.instance, prefix=prefix
            )

    def submitted_lists(self):
        return [
            (item_list, self.item_formsets[item_list.prefix])
            for item_list in ITEM_LISTS
            if self.item_formsets[item_list.prefix].is_bound
        ]

    def full_clean(self):
        super(RoleItemsMixin, self).full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        # A list, not a generator: every list is checked, so that each shows its errors.
        if not all([formset.is_valid() for _, formset in self.submitted_lists()]):  # noqa: C419
            self.add_error(None, ITEMS_INVALID)

    def item_groups(self):
        """The lists as the editor sees them (the roles' template draws them)."""
        groups = []
        for item_list in ITEM_LISTS:
            formset = self.item_formsets[item_list.prefix]
            heading, item_label, add = SCREEN[item_list.prefix]
            sections = [section(formset, heading, item_label, add, list(formset))]
            groups.append({"formset": formset, "sections": sections})
        return groups
