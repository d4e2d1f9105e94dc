"""A content type's parts as the admin handles them, read from the registry
(`articles.registry`): what the whole's list searches in them, their versions at a moment of
history, and their restore with the whole (a role and its lists come back with their article).

None of this names a part: each kind declares its whole (`part_of`, `whole_field`) and what its
admin list searches (`admin_search_fields`); its versions are simple-history's (`model.history`).
"""

from articles import registry


def kind_or_none(model):
    try:
        return registry.kind_of(model)
    except LookupError:
        return None


def part_kinds(model):
    """The kinds that are parts of `model` (a class or an instance), [] for a model that is
    no content type."""
    kind = kind_or_none(model)
    return kind.parts() if kind is not None else []


def has_history(kind):
    """Whether the part's versions are kept (simple-history): only they come back on restore."""
    return hasattr(kind.model_class, "history")


def whole_lookup(kind):
    """The lookup from the whole to this part's rows (its foreign key's related query name)."""
    field = kind.model_class._meta.get_field(kind.whole_field)
    return field.related_query_name()


def accessor(kind):
    """The whole's attribute holding this part's rows (its foreign key's related name)."""
    return kind.model_class._meta.get_field(kind.whole_field).remote_field.get_accessor_name()


def search_fields(model):
    """What the admin list of `model` searches in its parts, as lookups from the whole (the
    part's related query name, then the column it declares)."""
    return [
        f"{whole_lookup(kind)}__{name}"
        for kind in part_kinds(model)
        for name in kind.admin_search_fields
    ]


def ordering_key(model):
    """A row's (or a version's) place among its siblings, as the model orders them."""
    names = [name.lstrip("-") for name in model._meta.ordering] or ["pk"]
    opts = model._meta
    attnames = [opts.pk.attname if name == "pk" else opts.get_field(name).attname for name in names]
    return lambda row: tuple(getattr(row, name) for name in attnames)


def versions_then(kind, whole_ids, moment):
    """The parts of these wholes as they stood just before `moment` (each one's latest
    version, those deleted by then left out), in their order."""
    model = kind.model_class
    whole = model._meta.get_field(kind.whole_field).attname
    pk = model._meta.pk.attname
    latest = {}
    versions = model.history.filter(**{f"{whole}__in": whole_ids}, history_date__lt=moment)
    for version in versions.order_by("-history_date", "-history_id"):
        latest.setdefault(getattr(version, pk), version)
    kept = [version for version in latest.values() if version.history_type != "-"]
    return sorted(kept, key=ordering_key(model))


def restore(kind, whole_ids, moment):
    """The parts of these wholes as they were at `moment`, and their own parts, from their
    history: those added since removed, those removed since back, their fields as they were.

    A restore passes the moment of the revision after the restored one: the parts saved with a
    revision are written just after it (inline forms follow their parent)."""
    model = kind.model_class
    if not has_history(kind):  # a place in a series: left as it is
        return
    kept = versions_then(kind, whole_ids, moment)
    ids = [getattr(version, model._meta.pk.attname) for version in kept]
    whole = kind.whole_field
    for part in model.objects.filter(**{f"{whole}__in": whole_ids}).exclude(pk__in=ids):
        part.delete()
    versioned = any(field.name == "version" for field in model._meta.fields)
    stored = model.objects.filter(pk__in=ids)
    current = dict(stored.values_list("pk", "version" if versioned else "pk"))
    for version in kept:
        part = version.instance
        part._state.adding = part.pk not in current
        if versioned:  # an editor's open page of the part sees it changed
            part.version = current.get(part.pk, -1) + 1
        part.save()
    for sub in kind.parts():
        restore(sub, ids, moment)


def restore_parts(obj, moment):
    """Every part of `obj` (and their parts) as it was at `moment`."""
    for kind in part_kinds(obj):
        restore(kind, [obj.pk], moment)
