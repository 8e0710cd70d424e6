from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm, for search's typo tolerance (a trusted extension: no superuser needed)."""

    dependencies = [
        ("issportal", "0001_roles"),
    ]

    operations = [TrigramExtension()]
