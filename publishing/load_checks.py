"""What loading a source reads without writing: its fingerprint (unchanged files are left
alone), its warnings (errors in strict mode). The checklist findings of what was loaded:
`publishing.load_review`."""

import hashlib
import json
import re

from articles.models import Article
from publishing.errors import ContentError
from publishing.keys import article_keys, check_keys, normalise_meta
from publishing.load_fields import file_status
from publishing.read import document_slug


def fingerprint(source, context):
    """Everything an import of this source depends on: its files, the image files beside it,
    the status option, whether the old-site articles it links to exist here, and where its
    relative links lead."""
    digest = hashlib.sha256()
    for document in (source.document, *source.part_documents):
        digest.update(document.digest.encode())
    for name, path in sorted({**context.media, **source.image_files}.items()):
        digest.update(f"{name}:{path.stat().st_size}".encode())
    digest.update(str(context.status).encode())
    if context.publish_anyway:  # the same files published anyway are written again
        digest.update(b"publish-anyway")
    digest.update(context.relative.state(source, document_slug(source.document)).encode())
    text = json.dumps([d.meta for d in source.part_documents], default=str) + source.document.body
    for base in context.legacy_bases:
        for slug in sorted(
            set(re.findall(re.escape(base.rstrip("/")) + r"/([A-Za-z0-9_-]+)", text))
        ):
            digest.update(f"{slug}:{slug.lower() in context.known_slugs}".encode())
    return digest.hexdigest()


def validate(source):
    """The checks a write would make, without writing (for files recognised as unchanged)."""
    document = source.document
    document.meta, _ = normalise_meta(document)
    check_keys(document, article_keys(), Article)
    document.date("date")
    document.date("unpublish")
    document.minutes("read")
    file_status(document)
    for kind, documents in source.part_kinds():
        for part in documents:
            check_keys(part, kind.bundle.keys, kind.bundle.model)


def report_warnings(source, context, strict):
    warnings = [*source.document.warnings, *[w for p in source.part_documents for w in p.warnings]]
    if strict and warnings:
        raise ContentError(
            source.document.path, "mode strict : " + " | ".join(str(w) for w in warnings)
        )
    context.report.warnings.extend(warnings)
