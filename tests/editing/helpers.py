"""What the editing tests share: a staff client, the forms the admin posts, the public view."""

import datetime

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from media_gallery.models import Image

WAITING_LIST = reverse("admin:issportal_pendingchange_changelist")


class StaffClient(Client):
    """Runs what a save leaves for after its commit (the page cache moving on)."""

    def post(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(*args, **kwargs)


def login(user):
    client = StaffClient()
    client.force_login(user)
    return client


def public_html(url):
    """The page as a visitor gets it (read twice, so the second may come from the cache)."""
    visitor = Client()
    visitor.get(url)
    response = visitor.get(url)
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def review_url(change, step="change"):
    """The admin page of a waiting change: "change" (its review), "approve" or "reject"."""
    return reverse(f"admin:issportal_pendingchange_{step}", args=[change.pk])


def article_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def article_form(article, **changes):
    """The article's change form as loaded (an unscheduled article's time left empty)."""
    article.refresh_from_db()
    moment = article.publish_at and timezone.localtime(article.publish_at, datetime.UTC)
    data = {
        "kind": article.kind,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "byline": article.byline,
        "tags": ", ".join(tag.name for tag in article.tags.all()),
        "status": article.status,
        "publish_at_0": moment.strftime("%Y-%m-%d") if moment else "",
        "publish_at_1": moment.strftime("%H:%M:%S") if moment else "",
        "loaded_version": str(article.version),
    }
    data.update(changes)
    return data


def gallery_url(gallery):
    return reverse("admin:media_gallery_gallery_change", args=[gallery.pk])


def gallery_form(gallery, items, **changes):
    """The gallery's form with inline rows: (item or None, image, position, caption, delete)."""
    gallery.refresh_from_db()
    moment = gallery.publish_at and timezone.localtime(gallery.publish_at, datetime.UTC)
    initial = [row for row in items if row[0] is not None]
    data = {
        "title": gallery.title,
        "slug": gallery.slug,
        "description": gallery.description,
        "cover": "",
        "status": gallery.status,
        "publish_at_0": moment.strftime("%Y-%m-%d") if moment else "",
        "publish_at_1": moment.strftime("%H:%M:%S") if moment else "",
        "loaded_version": str(gallery.version),
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(initial)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    # Django's formset wants the initial rows first.
    ordered = initial + [row for row in items if row[0] is None]
    for index, (item, image, position, caption, delete) in enumerate(ordered):
        prefix = f"items-{index}-"
        data[prefix + "id"] = item.pk if item else ""
        data[prefix + "gallery"] = gallery.pk
        data[prefix + "image"] = image.pk
        data[prefix + "position"] = position
        data[prefix + "caption"] = caption
        if delete:
            data[prefix + "DELETE"] = "on"
    data.update(changes)
    return data


def public_titles(gallery):
    """The image titles in the order the public gallery page shows them."""
    html = public_html(gallery.get_absolute_url())
    titles = Image.objects.values_list("title", flat=True)
    return sorted({t for t in titles if t in html}, key=html.index)


def image_url(image):
    return reverse("admin:media_gallery_image_change", args=[image.pk])


def image_form(image, **changes):
    """The image's change form as loaded."""
    image.refresh_from_db()
    data = {
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "license": image.license,
        "source_url": image.source_url,
        "taken_at": image.taken_at.isoformat() if image.taken_at else "",
        "tags": ", ".join(tag.name for tag in image.tags.all()),
        "loaded_version": str(image.version),
        "add_to_gallery": "",
    }
    data.update(changes)
    return data


def question_url(question):
    return reverse("admin:stations_question_change", args=[question.pk])


def question_form(question, **changes):
    """An FAQ question's change form as loaded (the box ticked when it is published)."""
    question.refresh_from_db()
    data = {
        "question": question.question,
        "slug": question.slug,
        "answer": question.answer,
        "position": str(question.position),
        "loaded_version": str(question.version),
    }
    if question.published:
        data["published"] = "on"
    data.update(changes)
    return data
