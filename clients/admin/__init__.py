"""The case studies' admin, its own section « Études de cas »: the case study page
(`case_study.py`: the writing room, its quotes and deliverables, history, checklist, previews)
and its périmètres and outils (`labels.py`)."""

from clients.admin import case_study, labels  # noqa: F401 (register the pages)
