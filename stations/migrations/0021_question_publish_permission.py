from django.db import migrations

from issportal.roles import sync_roles


class Migration(migrations.Migration):
    """Publishers publish FAQ questions; editors' and data editors' changes to a published
    one wait for them (issportal.moderation, issportal.roles)."""

    dependencies = [
        ("stations", "0020_question_version"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="question",
            options={
                "ordering": ["position", "pk"],
                "permissions": [("publish_question", "Can publish FAQ questions")],
                "verbose_name": "FAQ question",
            },
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
