"""What happens when a case study or one of its items is saved: its `version` moves on (the
admin refuses a save over a newer version, `articles.admin.conflicts`), an item's save
included, so that a form opened before does not put the old list back."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save

from articles.lifecycle import next_version
from clients.models import CaseStudy, Deliverable, Quote


def version_of_case_study(sender, instance, raw=False, **kwargs):
    if raw:
        return
    CaseStudy.objects.filter(pk=instance.case_study_id).update(version=F("version") + 1)


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
