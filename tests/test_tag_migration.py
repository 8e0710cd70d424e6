"""The move to separate article and image vocabularies keeps every tag, merged without case."""

import datetime

from django.utils.text import slugify

BEFORE = [("news", "0004_search_vector"), ("media_gallery", "0004_versions")]


def published_article(apps, title, day):
    return apps.get_model("news", "Article").objects.create(
        kind="news",
        title=title,
        slug=slugify(title),
        summary=f"{title}.",
        body=f"{title}.",
        byline="Staff",
        status="published",
        publish_at=datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC),
    )


def test_tags_move_to_their_own_vocabularies_merged_without_case(migrator):
    old = migrator.back_to(BEFORE)
    tag = old.get_model("taggit", "Tag")
    assembly = tag.objects.create(name="Assembly", slug="assembly")
    lower = tag.objects.create(name="assembly", slug="assembly_1")
    soyuz = tag.objects.create(name="Soyuz", slug="soyuz")
    article = published_article(old, "Unity joined", datetime.date(1998, 12, 7))
    other = published_article(old, "Zarya", datetime.date(1998, 11, 20))
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

    migrator.forward()

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
