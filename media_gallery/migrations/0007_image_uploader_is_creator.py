"""Image.uploaded_by said again what the audit field created_by says: keep created_by.

The field goes in the next migration: PostgreSQL will not alter a table in the
transaction that has just updated its rows (pending foreign-key trigger events).
"""

from django.db import migrations
from django.db.models import F


def uploader_to_creator(apps, schema_editor):
    """Who uploaded each image becomes (or stays) who created it."""
    Image = apps.get_model("media_gallery", "Image")
    Image.objects.filter(uploaded_by__isnull=False).update(created_by=F("uploaded_by"))


def creator_to_uploader(apps, schema_editor):
    Image = apps.get_model("media_gallery", "Image")
    Image.objects.update(uploaded_by=F("created_by"))


class Migration(migrations.Migration):
    dependencies = [
        ("media_gallery", "0006_image_source_url"),
    ]

    operations = [
        migrations.RunPython(uploader_to_creator, creator_to_uploader),
    ]
