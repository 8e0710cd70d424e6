from django.db import migrations

from issportal.roles import sync_roles


class Migration(migrations.Migration):
    """Data editors may add, change, delete and view stays (issportal.roles)."""

    dependencies = [
        ("stations", "0010_stay"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
