from django.db import migrations

from issportal.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("issportal", "0001_roles"),
        ("media_gallery", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
