"""Images uploaded before 0018 get the hash of their bytes, so that dropping the same file again
finds them (`ImageAsset.objects.same_content`) instead of making a copy. An image whose file is
missing from storage keeps an empty hash (nothing to compare with); reading is per image, in
chunks, so a large library costs time, not memory."""

import hashlib

from django.db import migrations


def fill(apps, schema_editor):
    image_model = apps.get_model("articles", "ImageAsset")
    for asset in image_model.objects.filter(content_hash="").exclude(file="").iterator():
        try:
            with asset.file.open("rb") as handle:
                digest = hashlib.sha256()
                for chunk in handle.chunks():
                    digest.update(chunk)
        except (FileNotFoundError, OSError):
            continue
        image_model.objects.filter(pk=asset.pk).update(content_hash=digest.hexdigest())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_rerender_with_commonmark"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
