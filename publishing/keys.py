"""Front matter read through the schema: synonyms, types, required keys, limits, plain fields.

A plain key (no kind) needs no code of its own anywhere: these loops read it, check it against
its field's limits and copy it into its field.
"""

from articles import registry, schema


def run_kinds():
    """The kinds taking part in every import run and export (`Kind.import_run`), in order."""
    return [kind for kind in registry.kinds() if kind.import_run is not None]


def article_keys():
    """An article's front-matter keys: the schema's, then those the kinds add to it
    (`Kind.import_run.keys`), read and checked like the schema's, never kept as extra keys."""
    return schema.ARTICLE_KEYS + tuple(key for kind in run_kinds() for key in kind.import_run.keys)


def normalise_meta(document, keys=None):
    """(the keys the schema knows, synonyms under their key's name; the others, in file
    order). A synonym's line is kept under its key's name, for messages."""
    keys = keys or article_keys()
    names, synonyms = schema.by_name(keys), schema.synonyms(keys)
    known, extra = {}, {}
    for key, value in document.meta.items():
        target = synonyms.get(key, key)
        if target in names:
            if target != key:
                document.lines.setdefault(target, document.lines.get(key))
            known.setdefault(target, value)
        else:
            extra[key] = value
    return known, extra


def plain_text(document, key, model):
    """The key's text, refused with the file, the line and the fix when over its limit."""
    value = document.text(key.name, required=key.required)
    problem = schema.check_value(key, value, model)
    if problem:
        document.error(problem, key.name)
    return value


def check_keys(document, keys, model):
    """Each key's type, required-ness and, for plain keys, limits: what a write would check
    before any kind's own reading."""
    for key in keys:
        if key.type == schema.TEXT:
            if key.plain:
                plain_text(document, key, model)
            else:
                document.text(key.name, required=key.required)
        elif key.type == schema.FLAG:
            document.flag(key.name)
        elif key.type == schema.LIST:
            document.list(key.name)


def assign_plain(obj, document, keys, model):
    """Copy every plain key of the document into its field."""
    for key in schema.plain_keys(keys):
        if key.type == schema.FLAG:
            setattr(obj, key.field, document.flag(key.name))
        else:
            setattr(obj, key.field, plain_text(document, key, model))
