"""Filters of the admin's templates: a model's name with its article (articles.admin_french)."""

import json

from django import template

from articles import admin_french as french

register = template.Library()


@register.filter
def french_title(text, opts):
    return french.title(text, opts)


@register.filter
def un(name):
    return french.indefinite(name)


@register.filter
def le(name):
    return french.definite(name)


@register.filter
def un_autre(name):
    return french.another(name)


@register.filter
def accord(name):
    """« e » after an adjective agreeing with a feminine noun."""
    return french.agreement(name)


@register.filter
def french_formset_data(inline_admin_formset):
    """The inline's data for Django's inlines.js, its « add » button saying « Ajouter un autre
    rôle » (Django's catalog: « Ajouter un objet Rôle supplémentaire »)."""
    data = json.loads(inline_admin_formset.inline_formset_data())
    data["options"]["addText"] = f"Ajouter {french.another(inline_admin_formset.opts.verbose_name)}"
    return json.dumps(data)
