"""What a change to a case study means, connected from `ClientsConfig.ready()` (the generic
steps, indexing and the page cache, are `articles.lifecycle`'s):

- a case study or one of its items saved: its `version` moves on (the admin refuses a save over
  a newer version, `articles.admin.conflicts`), an item's save included, so that a form opened
  before does not put the old list back;
- a scope or a tool renamed, added or deleted: every page showing it (the list's filters, case
  studies) is out of date, so the page cache moves on;
- a case study's scopes, tools or team changed on their own (`.add()`, `.set()`, without a save
  of the case study): the same.
"""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from articles.cache import bump
from articles.lifecycle import next_version
from clients.models import CaseStudy, Deliverable, Quote, Scope, Tool


def version_of_case_study(sender, instance, raw=False, **kwargs):
    if raw:
        return
    CaseStudy.objects.filter(pk=instance.case_study_id).update(version=F("version") + 1)


def labels_changed(sender, raw=False, **kwargs):
    if not raw:
        bump(sender=sender)


def relations_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        bump(sender=sender)


def connect():
    """Connect every step (called once, from `ClientsConfig.ready`)."""
    pre_save.connect(next_version, sender=CaseStudy, dispatch_uid="next_version-CaseStudy")
    for model in (Quote, Deliverable):
        for signal in (post_save, post_delete):
            signal.connect(
                version_of_case_study,
                sender=model,
                dispatch_uid=f"version_of_case_study-{model.__name__}-{signal is post_save}",
            )
    for model in (Scope, Tool):
        for signal in (post_save, post_delete):
            signal.connect(
                labels_changed, sender=model, dispatch_uid=f"clients-{model.__name__}-{signal}"
            )
    for name in ("scopes", "tools", "team"):
        through = CaseStudy._meta.get_field(name).remote_field.through
        m2m_changed.connect(relations_changed, sender=through, dispatch_uid=f"clients-{name}")
