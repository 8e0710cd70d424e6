"""The migration that drops Image.uploaded_by keeps who uploaded each image, as created_by."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("media_gallery", "0006_image_source_url")]


@pytest.mark.django_db(transaction=True)
def test_the_uploader_becomes_the_creator():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("auth", "User")
    uploader = User.objects.create(username="uploader")
    loader = User.objects.create(username="loader")
    Image = old.get_model("media_gallery", "Image")
    common = {"file": "images/originals/ab/x.jpg", "alt_text": "A view", "width": 4, "height": 3}
    Image.objects.create(
        title="Uploaded", content_hash="a" * 64, uploaded_by=uploader, created_by=loader, **common
    )
    Image.objects.create(title="Loaded", content_hash="b" * 64, created_by=loader, **common)

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from media_gallery.models import Image

    creators = dict(Image.objects.values_list("title", "created_by__username"))
    assert creators == {"Uploaded": "uploader", "Loaded": "loader"}
