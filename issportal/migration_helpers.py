"""Pieces for migrations that only PostgreSQL needs."""

from issportal.models import weighted_search_vector


def search_index_operations(app_label, model_name, table, fields_by_weight):
    """A GIN index on the model's search_vector and a backfill, on PostgreSQL only."""
    from django.db import migrations

    index = f"{table}_search_vector_gin"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)"
        )
        model = apps.get_model(app_label, model_name)
        model.objects.update(search_vector=weighted_search_vector(fields_by_weight))

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return [migrations.RunPython(forwards, backwards)]
