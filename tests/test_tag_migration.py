"""The move to separate article and image vocabularies keeps every tag, merged without case."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("news", "0004_search_vector"), ("media_gallery", "0004_versions")]


@pytest.mark.django_db(transaction=True)
def test_tags_move_to_their_own_vocabularies_merged_without_case():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    tag = old.get_model("taggit", "Tag")
    assembly = tag.objects.create(name="Assembly", slug="assembly")
    lower = tag.objects.create(name="assembly", slug="assembly_1")
    soyuz = tag.objects.create(name="Soyuz", slug="soyuz")
    article = old.get_model("news", "Article").objects.create(
        kind="news",
        title="Unity joined",
        slug="unity-joined",
        summary="Unity.",
        body="Unity.",
        byline="Staff",
        status="published",
        publish_at=datetime.datetime(1998, 12, 7, tzinfo=datetime.UTC),
    )
    other = old.get_model("news", "Article").objects.create(
        kind="news",
        title="Zarya",
        slug="zarya",
        summary="Zarya.",
        body="Zarya.",
        byline="Staff",
        status="published",
        publish_at=datetime.datetime(1998, 11, 20, tzinfo=datetime.UTC),
    )
    tagged_article = old.get_model("news", "TaggedArticle")
    tagged_article.objects.create(content_object=article, tag=assembly)
    tagged_article.objects.create(content_object=article, tag=lower)  # the same, by case
    tagged_article.objects.create(content_object=other, tag=lower)
    tagged_article.objects.create(content_object=other, tag=soyuz)
    image = old.get_model("media_gallery", "Image").objects.create(
        title="Truss",
        alt_text="The truss",
        file="images/originals/t.jpg",
        width=10,
        height=10,
        content_hash="0" * 64,
    )
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="media_gallery", model="image"
    )[0]
    old.get_model("taggit", "TaggedItem").objects.create(
        content_type=content_type, object_id=image.pk, tag=soyuz
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from media_gallery.models import Image, ImageTag
    from news.models import Article, ArticleTag

    assert sorted(ArticleTag.objects.values_list("name", "slug")) == [
        ("Soyuz", "soyuz"),
        ("assembly", "assembly"),  # "assembly" is used twice, "Assembly" once
    ]
    assert sorted(Article.objects.get(slug="unity-joined").tags.names()) == ["assembly"]
    assert sorted(Article.objects.get(slug="zarya").tags.names()) == ["Soyuz", "assembly"]
    assert list(ImageTag.objects.values_list("name", flat=True)) == ["Soyuz"]
    assert list(Image.objects.get().tags.names()) == ["Soyuz"]
