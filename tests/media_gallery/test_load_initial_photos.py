"""The NASA photographs: through the upload checks, loaded once, all or nothing.

The whole set is loaded once, with the rest of the initial content, in
tests/test_initial_data.py; here a few small ones show the command's behaviour.
"""

import pytest
from django.core.management import CommandError

from media_gallery.management.commands import load_initial_photos as command
from media_gallery.models import Gallery, Image
from tests.commands import run as run_command

from .conftest import stored_files

pytestmark = pytest.mark.django_db

SMALL = "expedition-34-crew-in-sokol-suits.jpg"  # the smallest file, 1041 px wide


def run():
    return run_command("load_initial_photos")


def only(monkeypatch, photos):
    monkeypatch.setattr(command, "PHOTOS", photos)


def test_a_photo_is_credited_tagged_and_linked_and_loaded_once(media_root, monkeypatch):
    only(monkeypatch, {SMALL: command.PHOTOS[SMALL]})
    assert "Loaded 1 NASA photograph (kept 0)" in run()
    image = Image.objects.get()
    assert image.credit == "NASA" and image.credit_line == "Photo: NASA"
    assert image.source_url.startswith("https://github.com/DarkMortal/three-js-iss/blob/")
    assert image.alt_text.startswith("Three Expedition 34 crew members")
    assert "NASA image iss034e061654." in image.caption
    assert {"photo", "nasa", "crew", "expedition-34"} <= set(image.tags.names())
    assert Gallery.objects.published().get().items.count() == 1
    files = stored_files(media_root)
    assert "nothing to do" in run()
    assert Image.objects.count() == 1 and stored_files(media_root) == files


def test_a_refused_photo_stops_everything(media_root, monkeypatch):
    bad = command.Photo("Bad")
    photos = {SMALL: command.PHOTOS[SMALL], "quest-airlock-sts-112.jpg": bad}
    only(monkeypatch, photos)
    rows = command.read_rows()
    rows["quest-airlock-sts-112.jpg"]["title"] = "IMG_0001.jpg"
    monkeypatch.setattr(command, "read_rows", lambda: rows)
    with pytest.raises(CommandError, match="“Bad” was refused"):
        run()
    assert not Image.objects.exists() and not Gallery.objects.exists()
    assert stored_files(media_root) == []


def test_every_shipped_photo_is_described_and_every_description_shipped():
    rows = command.read_rows()
    assert set(rows) == set(command.PHOTOS)
    for name in rows:
        assert (command.PHOTO_DIR / name).is_file()


def test_source_urls_prefer_the_nasa_page():
    assert (
        command.source_url("a/b@c:x.jpg; https://www.nasa.gov/image-detail/x/")
        == "https://www.nasa.gov/image-detail/x/"
    )
    assert (
        command.source_url("owner/repo@abc123:src/a.jpg (NASA ID from embedded metadata)")
        == "https://github.com/owner/repo/blob/abc123/src/a.jpg"
    )
