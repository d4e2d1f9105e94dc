"""What a change to the case studies' labels means, connected from `ClientsConfig.ready()`
(the generic steps, indexing and the page cache, are `articles.lifecycle`'s):

- a scope or a tool renamed, added or deleted: every page showing it (the list's filters,
  case studies) is out of date, so the page cache moves on;
- a case study's scopes, tools or team changed on their own (`.add()`, `.set()`, without a save
  of the case study): the same.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.cache import bump
from clients.models import CaseStudy, Scope, Tool


def labels_changed(sender, raw=False, **kwargs):
    if not raw:
        bump(sender=sender)


def relations_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        bump(sender=sender)


def connect():
    for model in (Scope, Tool):
        for signal in (post_save, post_delete):
            signal.connect(
                labels_changed, sender=model, dispatch_uid=f"clients-{model.__name__}-{signal}"
            )
    for name in ("scopes", "tools", "team"):
        through = CaseStudy._meta.get_field(name).remote_field.through
        m2m_changed.connect(relations_changed, sender=through, dispatch_uid=f"clients-{name}")
