"""Renditions in the background: the upload only enqueues; the database worker makes them.

These tests use the real database backend (django-tasks-db) and run its worker once, in
batch mode, as `manage.py db_worker --batch` would.
"""

import io
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from issportal import cache as page_cache
from issportal.roles import EDITORS
from media_gallery.models import Image, Rendition
from tests.factories import UserFactory

from .conftest import stored_files
from .factories import GalleryImageFactory, gallery_with_images, image_bytes, upload

pytestmark = pytest.mark.django_db

ADD_IMAGE = reverse("admin:media_gallery_image_add")
IMAGE_LIST = reverse("admin:media_gallery_image_changelist")
BULK_UPLOAD = reverse("admin:media_gallery_image_bulk_upload")


@pytest.fixture(autouse=True)
def database_backend(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def editor(client):
    user = UserFactory(roles=[EDITORS])
    client.force_login(user)
    return user


def run_worker(capture):
    """The worker, once through the queue; its page-cache move runs when its writes commit.

    The worker closes stale connections between tasks; a test's connection holds the test's
    transaction, so that is left out here (as Django's test client leaves it out). Nor does
    it take over this process's SIGTERM and SIGINT, as it does when run on its own.
    """
    with (
        capture(execute=True),
        mock.patch(f"{db_worker.__name__}.close_old_connections"),
        mock.patch.object(db_worker.Worker, "configure_signals"),
    ):
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO()
        )


def upload_one(client, capture, **fields):
    data = {"title": "Truss", "alt_text": "The truss seen from below", **fields}
    with capture(execute=True):  # the upload's transaction commits: its task is enqueued
        response = client.post(
            ADD_IMAGE, {**data, "upload": upload("t.jpg", image_bytes(900, 600))}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Image.objects.get(title=data["title"])


def test_an_upload_enqueues_its_renditions_and_makes_none_itself(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    image = upload_one(client, django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get()
    assert task.task_path == "media_gallery.tasks.make_renditions"
    assert task.args_kwargs == {"args": [image.pk], "kwargs": {}}  # only the image's own pk
    assert task.status == "READY"
    assert not [name for name in stored_files(media_root) if "/renditions/" in name]
    assert not Rendition.objects.exists()
    assert image.renditions_status == "processing"
    listing = client.get(IMAGE_LIST).content.decode()
    assert ">Processing<" in listing
    page = client.get(reverse("admin:media_gallery_image_change", args=[image.pk])).content
    assert "No preview yet: the renditions are being made in the background." in page.decode()
    filtered = client.get(IMAGE_LIST, {"renditions_status__exact": "ready"}).content.decode()
    assert "Truss" not in filtered


def test_the_worker_makes_the_renditions_and_the_cached_page_shows_them(
    client, editor, media_root, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    image = upload_one(client, django_capture_on_commit_callbacks)
    gallery = gallery_with_images(0)
    GalleryImageFactory(gallery=gallery, image=image, position=1)
    visitor = Client()
    url = gallery.get_absolute_url()
    visitor.get(url)
    before = visitor.get(url)
    assert before["X-Cache"] == "hit"
    html = before.content.decode()
    # While processing: the original, with its size and alt text, and no <picture> at all.
    assert "<picture>" not in html
    assert f'<img src="{image.file.url}" width="900" height="600"' in html

    generation = page_cache.current_generation()
    run_worker(django_capture_on_commit_callbacks)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    image.refresh_from_db()
    assert image.renditions_status == "ready"
    made = image.renditions.all()
    assert {(r.width, r.format) for r in made} == set(image.rendition_specs())
    for rendition in made:
        assert (media_root / rendition.file.name).is_file()
    assert page_cache.current_generation() != generation
    after = visitor.get(url)
    assert after["X-Cache"] == "miss"
    html = after.content.decode()
    assert "<picture>" in html and image.renditions.get(width=900, format="jpeg").url in html
    assert image.file.url not in html
    assert ">Ready<" in client.get(IMAGE_LIST).content.decode()


def test_a_failing_rendition_marks_the_image_failed_and_the_upload_still_succeeded(
    client, editor, media_root, monkeypatch, django_capture_on_commit_callbacks
):
    from media_gallery import renditions

    def broken_encoder(im, fmt):
        raise OSError("encoder error -2")

    monkeypatch.setattr(renditions, "encode", broken_encoder)
    image = upload_one(client, django_capture_on_commit_callbacks)  # a 302: saved
    run_worker(django_capture_on_commit_callbacks)

    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    assert task.exception_class_path == "builtins.OSError"
    image.refresh_from_db()
    assert image.renditions_status == "failed"
    assert image.renditions_error == "OSError: encoder error -2"
    listing = client.get(IMAGE_LIST, {"renditions_status__exact": "failed"}).content.decode()
    assert "Failed: OSError: encoder error -2" in listing and "Truss" in listing

    # Fixed (here: the encoder back), "Make renditions again" asks once more.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            IMAGE_LIST, {"action": "make_renditions_again", "_selected_action": [image.pk]}
        )
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "Making the renditions of 1 image again, in the background. "
        "They show as processing until done."
    ]
    image.refresh_from_db()
    assert (image.renditions_status, image.renditions_error) == ("processing", "")
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker(django_capture_on_commit_callbacks)
    image.refresh_from_db()
    assert image.renditions_status == "ready" and image.renditions.exists()


def test_making_renditions_again_needs_the_change_permission(
    client, editor, django_capture_on_commit_callbacks
):
    image = upload_one(client, django_capture_on_commit_callbacks)
    viewer = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_image"))
    client.force_login(viewer)
    listing = client.get(IMAGE_LIST).content.decode()
    assert "Truss" in listing and "make_renditions_again" not in listing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(IMAGE_LIST, {"action": "make_renditions_again", "_selected_action": [image.pk]})
    assert DBTaskResult.objects.count() == 1  # only the upload's own task


def test_a_bulk_upload_of_four_makes_no_rendition_in_the_request(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BULK_UPLOAD,
            {
                "files": [upload(f"module {n}.jpg", image_bytes(1200, 800)) for n in range(1, 5)],
                "alt_text_prefix": "Drawing of the station:",
            },
        )
    assert response.status_code == 302
    assert Image.objects.count() == 4 and not Rendition.objects.exists()
    assert not [name for name in stored_files(media_root) if "/renditions/" in name]
    tasks = DBTaskResult.objects.all()
    assert sorted(t.args_kwargs["args"][0] for t in tasks) == sorted(
        Image.objects.values_list("pk", flat=True)
    )
    run_worker(django_capture_on_commit_callbacks)
    assert set(Image.objects.values_list("renditions_status", flat=True)) == {"ready"}
