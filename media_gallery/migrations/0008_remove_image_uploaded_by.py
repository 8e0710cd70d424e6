from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("media_gallery", "0007_image_uploader_is_creator"),
    ]

    operations = [
        migrations.RemoveField(model_name="image", name="uploaded_by"),
    ]
