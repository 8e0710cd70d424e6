"""The first galleries: drawn with Pillow, loaded once, all or nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo.management.commands import load_gallery_images as command
from media_gallery.models import Gallery, GalleryImage, Image
from tests.commands import run as run_command

from .conftest import stored_files

pytestmark = pytest.mark.django_db


def run():
    return run_command("load_gallery_images")


def snapshot():
    return (
        sorted(Image.objects.values_list("title", "content_hash")),
        sorted(Gallery.objects.values_list("slug", "status", "cover__title")),
        sorted(GalleryImage.objects.values_list("gallery__slug", "position", "image__title")),
    )


def test_staff_changes_survive_a_second_run(media_root, monkeypatch):
    monkeypatch.setattr(command, "PICTURES", command.PICTURES[:2])
    monkeypatch.setattr(
        command,
        "GALLERIES",
        [{**command.GALLERIES[0], "pictures": ["assembly-1998", "first-crew-2000"]}],
    )
    run()
    gallery = Gallery.objects.get()
    gallery.items.get(position=1).delete()
    gallery.title = "Renamed by staff"
    gallery.save()
    assert "nothing to do" in run()
    gallery.refresh_from_db()
    assert gallery.title == "Renamed by staff" and gallery.items.count() == 1


def test_all_or_nothing(media_root, monkeypatch):
    """A failure on the third drawing leaves no image, no gallery and no file."""

    def broken():
        raise RuntimeError("the pen ran dry")

    pictures = command.PICTURES[:4]
    pictures[2] = command.Picture("broken", "Broken", "A drawing", "", [], broken)
    monkeypatch.setattr(command, "PICTURES", pictures)
    with pytest.raises(RuntimeError, match="the pen ran dry"):
        run()
    assert not Image.objects.exists() and not Gallery.objects.exists()
    assert stored_files(media_root) == []


def test_a_refused_drawing_stops_everything_with_its_title(media_root, monkeypatch):
    pictures = command.PICTURES[:2]
    pictures[1] = command.Picture(
        "bad", "Bad alt", "IMG_0001.png", "", [], command.PICTURES[1].make
    )
    monkeypatch.setattr(command, "PICTURES", pictures)
    with pytest.raises(CommandError, match="“Bad alt” was refused: “IMG_0001.png” is a file"):
        run()
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_load_initial_data_loads_the_gallery_images_after_the_station_history(monkeypatch):
    from issportal.management.commands import load_initial_data

    calls = []
    monkeypatch.setattr(
        load_initial_data, "call_command", lambda name, **kwargs: calls.append(name)
    )
    call_command("load_initial_data", stdout=StringIO())
    assert calls == [
        "load_iss_data",
        "load_faq",
        "load_gallery_images",
        "load_initial_photos",
        "load_news",
        "link_initial_images",
    ]


def test_production_loads_the_photos_but_not_the_drawings(monkeypatch):
    """The drawings are development content (the demo app), installed only by dev and test."""
    from django.apps import apps

    from issportal.management.commands import load_initial_data
    from issportal.settings import base

    assert "demo" not in base.INSTALLED_APPS
    calls = []
    monkeypatch.setattr(
        load_initial_data, "call_command", lambda name, **kwargs: calls.append(name)
    )
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "demo")
    call_command("load_initial_data", stdout=StringIO())
    assert calls == [
        "load_iss_data",
        "load_faq",
        "load_initial_photos",
        "load_news",
        "link_initial_images",
    ]
