"""Articles get their own tag vocabulary, apart from the images', matched without case."""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models

from issportal.tag_migration import merged_vocabulary


def move_tags(apps, schema_editor):
    tagged = apps.get_model("news", "TaggedArticle")
    links = list(tagged.objects.select_related("tag").order_by("pk"))
    vocabulary = merged_vocabulary([link.tag.name for link in links], apps.get_model("news", "ArticleTag"))
    seen = set()
    for link in links:
        tag = vocabulary[link.tag.name.casefold()]
        if (link.content_object_id, tag.pk) in seen:
            link.delete()  # the same article tagged "Assembly" and "assembly"
            continue
        seen.add((link.content_object_id, tag.pk))
        link.article_tag = tag
        link.save(update_fields=["article_tag"])


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0004_search_vector'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('slug', models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name='slug')),
            ],
            options={
                'verbose_name': 'article tag',
                'ordering': ['name'],
            },
        ),
        migrations.AlterModelOptions(
            name='taggedarticle',
            options={'verbose_name': 'tag of an article'},
        ),
        migrations.RemoveField(
            model_name='article',
            name='tags',
        ),
        # Each link points at the article tag of its name, then the old column goes.
        migrations.AddField(
            model_name='taggedarticle',
            name='article_tag',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='news.articletag'),
        ),
        migrations.RunPython(move_tags, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name='taggedarticle', name='unique_article_tag'),
        migrations.RemoveField(model_name='taggedarticle', name='tag'),
        migrations.RenameField(model_name='taggedarticle', old_name='article_tag', new_name='tag'),
        migrations.AlterField(
            model_name='taggedarticle',
            name='tag',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_articles', to='news.articletag'),
        ),
        migrations.AddConstraint(
            model_name='taggedarticle',
            constraint=models.UniqueConstraint(fields=('content_object', 'tag'), name='unique_article_tag'),
        ),
        migrations.AddField(
            model_name='article',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='news.TaggedArticle', to='news.ArticleTag', verbose_name='Tags'),
        ),
    ]
