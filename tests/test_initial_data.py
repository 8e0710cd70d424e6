"""The first load a newcomer's `make run` does: station history, illustrations, news, links.

Loaded once for this module (the `initial_site` fixture); each test reads it in its own
savepoint. The commands' behaviour on small data is tested beside each app.
"""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image as PILImage

from media_gallery.management.commands import load_gallery_images
from media_gallery.models import Gallery, GalleryImage, Image
from news import initial_content
from news.models import Article
from stations.importer import DATA_DIR
from stations.models import (
    Astronaut,
    Expedition,
    ExpeditionMember,
    Module,
    Spacewalk,
    Visit,
)
from tests.media_gallery.factories import ImageFactory
from tests.stations.test_importer import snapshot as importer_snapshot

pytestmark = pytest.mark.django_db


def run(command, *args, **options):
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def gallery_snapshot():
    return (
        sorted(Image.objects.values_list("title", "content_hash")),
        sorted(Gallery.objects.values_list("slug", "status", "cover__title")),
        sorted(GalleryImage.objects.values_list("gallery__slug", "position", "image__title")),
    )


def test_the_first_load_says_what_it_loaded(initial_site):
    assert "Drew 20 images (kept 0) and made 4 galleries." in initial_site
    assert f"{len(initial_content.ARTICLES)} new, 0 already present" in initial_site


def test_a_second_load_is_skipped_and_keeps_staff_edits(initial_site):
    expedition = Expedition.objects.get(number=1)
    expedition.description = "Edited by staff"
    expedition.save()
    assert "already loaded" in run("load_initial_data")
    expedition.refresh_from_db()
    assert expedition.description == "Edited by staff"


def test_illustrations_are_credited_in_published_galleries_and_drawn_once(initial_site):
    images = Image.objects.all()
    assert 12 <= images.count() <= 20 + len(load_gallery_images.PATCHES)
    for image in images:
        assert image.credit == "Illustration: ISS Portal project"
        assert image.license == "CC0 1.0"
        assert len(image.alt_text) > 40 and not image.alt_text.lower().endswith(".png")
        assert image.renditions.exists()
    assert Gallery.objects.published().count() == Gallery.objects.count() == 4
    for gallery in Gallery.objects.all():
        assert gallery.cover is not None and gallery.items.count() >= 4

    patches = Image.objects.filter(tags__name="patch")
    assert patches.count() == len(load_gallery_images.PATCHES)
    expedition_1 = Image.objects.get(tags__name="expedition-1", title__contains="emblem")
    assert "Expedition 1" in expedition_1.alt_text
    assert (expedition_1.width, expedition_1.height) == (1000, 1000)
    with expedition_1.file.open("rb") as handle:
        assert PILImage.open(handle).format == "PNG"

    before, files = gallery_snapshot(), stored_files()
    assert "nothing to do" in run("load_gallery_images")
    assert gallery_snapshot() == before
    assert stored_files() == files


def test_news_is_loaded_after_the_station_records_it_links_to(initial_site):
    assert Article.objects.published().count() == len(initial_content.ARTICLES)
    article = Article.objects.get(slug="expedition-1-crew-arrives")
    assert article.expeditions.filter(number=1).exists()


def test_initial_pictures_are_linked_once_and_staff_choices_stay(initial_site):
    expedition_1 = Expedition.objects.get(number=1)
    assert expedition_1.patch.title == "Expedition 1 emblem"
    assert Module.objects.get(slug="zarya").image is not None
    chosen = ImageFactory(title="Chosen by staff")
    expedition_1.patch = chosen
    expedition_1.save()
    run("link_initial_images")
    expedition_1.refresh_from_db()
    assert expedition_1.patch == chosen


def test_the_real_station_data_loads_again_with_no_change_and_known_facts(initial_site):
    counts = {name: len(rows) for name, rows in importer_snapshot().items()}
    assert counts["Expedition"] >= 70
    assert counts["Spacewalk"] >= 260
    assert counts["Astronaut"] >= 250
    assert counts["Visit"] >= 200
    assert counts["Module"] >= 15
    before = importer_snapshot()
    assert "Station data is up to date." in run("load_iss_data", data_dir=str(DATA_DIR))
    assert importer_snapshot() == before

    expedition_1 = Expedition.objects.get(number=1)
    assert expedition_1.start == datetime.date(2000, 11, 2)
    assert expedition_1.members.get(role="commander").astronaut.name == "William Shepherd"
    first = Spacewalk.objects.order_by("date").first()
    assert first.date == datetime.date(1998, 12, 7)
    assert first.mission == "STS-88"
    assert {p.name for p in first.crew.all()} == {"Jerry Ross", "James Newman"}
    # Every record names its source.
    for model in (Astronaut, Expedition, ExpeditionMember, Spacewalk, Visit, Module):
        assert not model.objects.filter(source__isnull=True).exists()
    # Every expedition has a crew with a commander.
    assert not Expedition.objects.filter(members__isnull=True).exists()
