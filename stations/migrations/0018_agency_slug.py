from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Agency = apps.get_model("stations", "Agency")
    for agency in Agency.objects.all():
        agency.slug = slugify(agency.abbreviation)
        agency.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0017_crew_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="slug",
            # No index yet: the unique one comes with the AlterField below (on PostgreSQL
            # a plain index first would leave a "_like" index of the same name behind).
            field=models.SlugField(blank=True, db_index=False, default="", max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agency",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Its address on the site (/agencies/<slug>/); made from the "
                "abbreviation when left empty.",
                max_length=40,
                unique=True,
            ),
        ),
    ]
