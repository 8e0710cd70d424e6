"""The roles' permissions on the articles' and images' own tag vocabularies."""

from django.db import migrations

from issportal.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_article_tags"),
        ("media_gallery", "0005_image_tags"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
