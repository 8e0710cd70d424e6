from django.db import migrations

from issportal.roles import sync_roles


class Migration(migrations.Migration):
    """Data editors may add, change, delete and view command terms (issportal.roles)."""

    dependencies = [
        ("stations", "0013_command_term"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
