"""Images get their own tag vocabulary, apart from the articles', matched without case."""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models

from issportal.tag_migration import merged_vocabulary


def move_tags(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="media_gallery", model="image"
    ).first()
    if content_type is None:
        return  # a new database: no image was ever tagged
    generic = apps.get_model("taggit", "TaggedItem").objects.filter(content_type=content_type)
    links = list(generic.select_related("tag").order_by("pk"))
    vocabulary = merged_vocabulary([link.tag.name for link in links], apps.get_model("media_gallery", "ImageTag"))
    tagged = apps.get_model("media_gallery", "TaggedImage")
    pairs = {(link.object_id, vocabulary[link.tag.name.casefold()].pk) for link in links}
    tagged.objects.bulk_create(
        tagged(content_object_id=image, tag_id=tag) for image, tag in sorted(pairs)
    )
    generic.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('media_gallery', '0004_versions'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='ImageTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('slug', models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name='slug')),
            ],
            options={
                'verbose_name': 'image tag',
                'ordering': ['name'],
            },
        ),
        migrations.RemoveField(
            model_name='image',
            name='tags',
        ),
        migrations.CreateModel(
            name='TaggedImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='media_gallery.image')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_images', to='media_gallery.imagetag')),
            ],
            options={
                'verbose_name': 'tag of an image',
            },
        ),
        migrations.AddField(
            model_name='image',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='media_gallery.TaggedImage', to='media_gallery.ImageTag', verbose_name='Tags'),
        ),
        migrations.AddConstraint(
            model_name='taggedimage',
            constraint=models.UniqueConstraint(fields=('content_object', 'tag'), name='unique_image_tag'),
        ),
        migrations.RunPython(move_tags, migrations.RunPython.noop),
    ]
