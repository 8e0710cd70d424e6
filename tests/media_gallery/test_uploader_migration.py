"""The migration that drops Image.uploaded_by keeps who uploaded each image, as created_by."""

BEFORE = [("media_gallery", "0006_image_source_url")]


def test_the_uploader_becomes_the_creator(migrator):
    old = migrator.back_to(BEFORE)
    User = old.get_model("auth", "User")
    uploader = User.objects.create(username="uploader")
    loader = User.objects.create(username="loader")
    Image = old.get_model("media_gallery", "Image")
    common = {"file": "images/originals/ab/x.jpg", "alt_text": "A view", "width": 4, "height": 3}
    Image.objects.create(
        title="Uploaded", content_hash="a" * 64, uploaded_by=uploader, created_by=loader, **common
    )
    Image.objects.create(title="Loaded", content_hash="b" * 64, created_by=loader, **common)

    migrator.forward()

    from media_gallery.models import Image

    creators = dict(Image.objects.values_list("title", "created_by__username"))
    assert creators == {"Uploaded": "uploader", "Loaded": "loader"}
