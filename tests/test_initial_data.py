"""The first load a newcomer's `make run` does: station history, illustrations, news, links.

Loaded once for this module (the `initial_site` fixture); each test reads it in its own
savepoint. The commands' behaviour on small data is tested beside each app.
"""

import datetime
import re
from datetime import UTC
from datetime import date as D
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from PIL import Image as PILImage

from demo.management.commands import load_gallery_images
from media_gallery.management.commands import load_initial_photos
from media_gallery.models import Gallery, GalleryImage, Image
from news import initial_content
from news.models import Article
from stations.importer import DATA_DIR
from stations.initial_faq import QUESTIONS
from stations.models import (
    Astronaut,
    CommandTerm,
    Expedition,
    ExpeditionMember,
    Module,
    Spacewalk,
    Stay,
    Visit,
    VisitPort,
    port_conflicts,
)
from tests.commands import run
from tests.media_gallery.factories import ImageFactory
from tests.pages import STATION_LISTS
from tests.stations.test_importer import snapshot as importer_snapshot
from tests.stations.test_ports import DATA_END, KNOWN_UNRESOLVED_PORT_CONFLICTS, conflict_ranges

pytestmark = pytest.mark.django_db


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
    assert "Loaded 13 NASA photographs (kept 0) into the gallery “Station in pictures”." in (
        initial_site
    )
    assert f"{len(initial_content.ARTICLES)} new, 0 already present" in initial_site


def test_a_second_load_is_skipped_and_keeps_staff_edits(initial_site):
    expedition = Expedition.objects.get(number=1)
    expedition.description = "Edited by staff"
    expedition.save()
    assert "already loaded" in run("load_initial_data")
    expedition.refresh_from_db()
    assert expedition.description == "Edited by staff"


def test_illustrations_are_credited_in_published_galleries_and_drawn_once(initial_site):
    images = Image.objects.exclude(tags__name="photo")
    assert 12 <= images.count() <= 20 + len(load_gallery_images.PATCHES)
    for image in images:
        assert image.credit == "Illustration: ISS Portal project"
        assert image.license == "CC0 1.0"
        assert len(image.alt_text) > 40 and not image.alt_text.lower().endswith(".png")
        assert image.caption.endswith(load_gallery_images.DRAWN)
        assert "Illustration drawn for this site" in image.caption
        assert image.renditions.exists()
    assert Gallery.objects.published().count() == Gallery.objects.count() == 5
    for gallery in Gallery.objects.exclude(slug=load_initial_photos.GALLERY["slug"]):
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


def test_real_command_changes_within_expeditions(initial_site, client):
    """commander_changes.csv: Expeditions 65 to 74, 17 terms."""
    assert CommandTerm.objects.count() == 17
    terms = Expedition.objects.get(number=65).command_terms.order_by("start")
    assert [(t.astronaut.name, t.start, t.end) for t in terms] == [
        ("Shannon Walker", D(2021, 4, 17), D(2021, 4, 28)),
        ("Akihiko Hoshide", D(2021, 4, 28), D(2021, 10, 4)),
        ("Thomas Pesquet", D(2021, 10, 4), D(2021, 10, 17)),
    ]
    page = " ".join(client.get("/expeditions/65/").content.decode().split())
    assert 'Akihiko Hoshide</a>: from <time datetime="2021-04-28">' in page
    listing = client.get("/expeditions/?o=-number").content.decode()
    row = re.search(r"Expedition 65</a></th>(.*?)</tr>", listing, re.S).group(1)
    assert "Shannon Walker →, then Thomas Pesquet" in re.sub(r"<[^>]+>", "", row)
    # No change in Expedition 69: its one commander from the crew roles.
    assert not CommandTerm.objects.filter(expedition__number=69).exists()
    row = re.search(r"Expedition 69</a></th>(.*?)</tr>", listing, re.S).group(1)
    assert "Sergei Prokopyev" in row


def test_real_external_elements_have_their_own_pages(initial_site, client):
    added = Module.objects.filter(source__key="iss_updates_2026")
    assert added.count() == 15
    assert {"esp-1", "elc-4", "ams-02", "era", "bartolomeo", "irosa-6"} <= set(
        added.values_list("slug", flat=True)
    )
    # No day in the sources: none invented.
    assert Module.objects.get(slug="esp-2").attached_date is None
    html = " ".join(client.get("/modules/ams-02/").content.decode().split())
    assert '<a href="/vehicles/sts-134/">STS-134</a>' in html
    assert "S3 truss, upper payload attach point" in html and "6,918 kg" in html
    listing = client.get("/modules/").content.decode()
    for module in Module.objects.all():
        assert f'href="{module.get_absolute_url()}"' in listing


def test_missing_events_are_loaded_and_unconfirmed_ones_held_back(initial_site, client):
    eva = Spacewalk.objects.get(designation="US EVA 94")
    assert eva.date == D(2026, 3, 18) and eva.expedition.number == 74
    assert eva.duration == datetime.timedelta(hours=7, minutes=2)
    assert sorted(p.name for p in eva.crew.all()) == ["Christopher Williams", "Jessica Meir"]
    assert eva.source.key == "iss_updates_2026"
    assert "US EVA 94" in client.get("/expeditions/74/").content.decode()
    # Already there and confirmed by the events: the days did not move.
    assert Visit.objects.get(slug="spacex-crew-11").departure_date == D(2026, 1, 14)
    assert Visit.objects.get(slug="cygnus-ng-23").departure_date == D(2026, 3, 12)
    # Low confidence, or no arrival to record: not public records.
    assert not Visit.objects.filter(name__contains="CRS-34").exists()
    assert not Spacewalk.objects.filter(date__gt=D(2026, 4, 28)).exists()


def test_russian_spacewalks_carry_roscosmos_numbers(initial_site, client):
    walk = Spacewalk.objects.get(date=D(2025, 10, 28))
    assert walk.designation == "VKD-65"
    assert "formerly Russian EVA 67" in walk.source_detail
    html = client.get(walk.get_absolute_url()).content.decode()
    assert "<h1>VKD-65</h1>" in html
    by_date = dict(
        Spacewalk.objects.filter(
            date__in=[D(2017, 8, 17), D(2018, 12, 11), D(2022, 8, 17)]
        ).values_list("date", "designation")
    )
    assert by_date == {
        D(2017, 8, 17): "VKD-43",
        D(2018, 12, 11): "VKD-45a",
        D(2022, 8, 17): "VKD-54",
    }
    # Counted by Roscosmos but never given a planned number: no number is made up.
    assert Spacewalk.objects.filter(designation="Russian EVA of 2022-07-21").exists()
    # The low-confidence VKD-66 (2026-05-27) is not loaded.
    assert not Spacewalk.objects.filter(designation="VKD-66").exists()


def test_real_stays_give_the_figures_of_the_record(initial_site, client):
    """The figures the site got wrong (issue 14), now from stays: taxi flights and
    crew exchanges counted up to the day the vehicle that took each person home left."""
    assert Stay.objects.count() >= 500
    # Every person has a stay; nobody has two at once.
    assert not Astronaut.objects.filter(stays__isnull=True).exists()

    def days(slug):
        html = client.get(f"/crew/{slug}/").content.decode()
        return int(re.search(r"<dt>Days aboard the station</dt><dd>(\d+)</dd>", html).group(1))

    # Two taxi flights of 13 and 12 days (both ends counted), not 392.
    assert days("charles-simonyi") == 25
    assert days("dennis-tito") == 7  # not 184: Soyuz TM-32 stayed, he went home in TM-31
    assert days("roberto-vittori") == 9 + 8 + 13  # two Soyuz taxi flights and STS-134
    # Expedition 1: Soyuz TM-31 docking 2 Nov 2000 to STS-102 undocking 19 Mar 2001.
    assert days("william-shepherd") == 138
    html = client.get("/aboard/?on=2010-02-10").content.decode()
    assert "Guy Laliberté" not in html and "Jeffrey Williams" in html
    # Laliberté was aboard from Soyuz TMA-16's docking to Soyuz TMA-14's undocking.
    assert "Guy Laliberté" in client.get("/aboard/?on=2009-10-11").content.decode()
    assert "Guy Laliberté" not in client.get("/aboard/?on=2009-10-12").content.decode()
    # The Starliner crew came home in Crew-9.
    wilmore = Stay.objects.get(astronaut__slug="barry-wilmore", arrival_vehicle__slug="boe-cft")
    assert wilmore.departure_vehicle.slug == "spacex-crew-9"
    # Now is the newest record, 28 April 2026, whatever today is.
    home = client.get("/").content.decode()
    assert 'As of <time datetime="2026-04-28">28 April 2026</time>' in home


def test_the_real_data_never_puts_two_vehicles_on_one_port(initial_site):
    port_times = list(VisitPort.objects.select_related("visit"))
    days = {
        port_time.start_date + datetime.timedelta(n)
        for port_time in port_times
        for n in range((port_time.last_day(DATA_END) - port_time.start_date).days + 1)
    }
    # Every day from the first docking to the newest record has a vehicle at some port.
    assert min(days) == D(1998, 12, 7) and max(days) == DATA_END
    found = conflict_ranges(port_conflicts(port_times, DATA_END))
    expected = [tuple(entry[:4]) for entry in KNOWN_UNRESOLVED_PORT_CONFLICTS]
    assert found == expected, "Two vehicles on one port:\n" + "\n".join(
        f"  {port}: {', '.join(names)} from {first} to {last}" for port, first, last, names in found
    )


@time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=UTC), tick=False)
def test_the_real_data_has_every_progress_and_nearly_every_departure(initial_site, client):
    html = client.get("/vehicles/").content.decode()
    assert f"{Visit.objects.count()} visits." in html
    # Russian cargo ships are the Progress flights: all 95 that reached the station.
    html = client.get("/vehicles/?operator=RSA&purpose=cargo").content.decode()
    assert "95 visits match your filters." in html
    visits = Visit.objects.all()
    progress = visits.filter(name__startswith="Progress")
    assert progress.count() == 95
    # Launch failures never reached the station.
    assert not visits.filter(
        name__in=["Progress M-12M", "Progress M-27M", "Progress MS-04"]
    ).exists()
    assert progress.filter(departure_date__isnull=False).count() >= 90
    left = visits.exclude(departure_date__isnull=True, departure_unknown=False)
    assert left.filter(departure_date__isnull=False).count() / left.count() >= 0.95
    # Still docked at the newest record: nothing else is "at the station".
    assert sorted(visits.docked_now().values_list("name", flat=True)) == [
        "Cygnus NG-24",
        "Progress MS-33",
        "Progress MS-34",
        "Soyuz MS-28",
        "SpaceX Crew-12",
    ]
    # The gap data's port wins where SOURCE.md says so.
    assert visits.get(name="Progress MS-25").port == "Poisk zenith"
    # Capture and berthing kept apart.
    crs1 = visits.get(name="SpaceX CRS-1")
    assert crs1.captured_at == datetime.datetime(2012, 10, 10, 10, 56, tzinfo=UTC)
    assert crs1.arrived_at == datetime.datetime(2012, 10, 10, 13, 3, tzinfo=UTC)
    tm31 = visits.get(name="Soyuz TM-31")
    assert [p.port for p in tm31.ports.all()] == ["Zvezda aft", "Zarya nadir", "Zvezda aft"]
    # Every value from the gap data names its pages for staff.
    m44 = visits.get(name="Progress M-44")
    assert "https://raumfahrtkalender.de/" in m44.source_detail


# Staff notes that must never reach a public page (issue 14 §4): file names, row numbers,
# the derivation's doubts and placeholders.
INTERNAL_NOTES = [
    ".csv",
    ".tsv",
    "seq ",
    "(LL2)",
    "likely CC",
    "placeholder",
    "presumed",
    "not verified",
    "verify",
    "SOURCE.md",
    "source_detail",
    "DATA_NOTES",
    "https://raumfahrtkalender.de/",
]


def test_public_pages_show_sources_for_people_and_no_internal_note(initial_site, client):
    pages = [
        "/",
        *STATION_LISTS,
        "/aboard/",
        "/aboard/?on=2009-10-05",
        "/facts/",
        "/data-sources/",
        "/search/?q=progress",
    ]
    # One page of each record type, and the records whose staff notes hold each kind of note.
    for model in (Expedition, Astronaut, Spacewalk, Visit):
        pages.append(model.objects.order_by("-pk").first().get_absolute_url())
        for note in INTERNAL_NOTES:
            record = model.objects.filter(source_detail__contains=note).first()
            if record is not None:
                pages.append(record.get_absolute_url())
    assert "/vehicles/progress-ms-34/" in pages  # "corquaid time is a round placeholder"
    assert len(set(pages)) > 20
    for url in dict.fromkeys(pages):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for note in INTERNAL_NOTES:
            assert note not in html, f"{url} shows the internal note {note!r}"

    # List pages, /facts/ and /aboard/ say which sources they draw on and how current they are.
    as_of = '· as of <time datetime="2026-04-28">28 April 2026</time>.'
    for url in ["/expeditions/", "/crew/", "/spacewalks/", "/vehicles/", "/modules/"]:
        html = client.get(url).content.decode()
        assert re.search(r'<p class="provenance">Sources?: .+' + re.escape(as_of), html), url
    html = client.get("/facts/").content.decode()
    assert (
        '<a href="https://github.com/corquaid/international-space-station-APIs">corquaid '
        "International Space Station APIs (people in space, docked spacecraft)</a>" in html
    )
    assert as_of in html
    html = client.get("/aboard/").content.decode()
    assert re.search(r'<p class="provenance">Sources?: <a href="https://github.com/corquaid/', html)
    assert as_of in html
    # A record's page names its source, links it and gives its licence in plain words.
    html = client.get("/vehicles/progress-ms-34/").content.decode()
    assert "(MIT License, Copyright (c) 2021 Cormac Quaid)" in html


PHOTO_ROWS = load_initial_photos.read_rows()


def test_the_nasa_photos_load_once_credited_and_linked_in_their_gallery(initial_site, client):
    photos = Image.objects.filter(tags__name="photo")
    assert photos.count() == len(PHOTO_ROWS) == 13
    for image in photos:
        assert image.credit in {"NASA", "NASA/Bill Stafford"}
        assert image.license == "Public domain (NASA)"
        assert image.source_url.startswith("https://")
        assert image.renditions.exists()
    stafford = photos.get(title="Spacewalk training under water")
    assert stafford.credit == "NASA/Bill Stafford"
    crew = photos.get(tags__name="expedition-34")
    assert crew.source_url.startswith("https://github.com/DarkMortal/three-js-iss/blob/bf1c0bd")
    assert crew.taken_at == D(2013, 3, 5)

    gallery = Gallery.objects.published().get(slug="station-in-pictures")
    assert gallery.title == "Station in pictures"
    assert gallery.items.count() == 13
    html = client.get(gallery.get_absolute_url()).content.decode()
    assert html.count('class="gallery-grid__link"') == 13
    for item in gallery.items.select_related("image"):
        page = client.get(item.get_absolute_url()).content.decode()
        url = item.image.source_url.replace("&", "&amp;")
        assert f'<a href="{url}" rel="external noopener" class="credit-link">Photo: ' in page
        assert f">{item.image.credit_line}</a>" in page

    before, files = gallery_snapshot(), stored_files()
    assert "nothing to do" in run("load_initial_photos")
    assert gallery_snapshot() == before
    assert stored_files() == files


def test_the_home_page_opens_with_the_station_photo_and_its_credit(initial_site, client):
    html = client.get("/").content.decode()
    hero = Image.objects.home_hero()
    assert hero.title == "The station from Discovery, 2009"
    assert html.index('class="hero__img"') < html.index('id="hero-title"')
    assert 'alt="The whole station over a blue Earth, seen from Discovery after undocking"' in html
    assert f'<a href="{hero.source_url}" rel="external noopener" class="credit-link">' in html
    assert ">Photo: NASA</a>" in html
    # The strip shows the photographs, the newest gallery.
    assert "From the gallery: Station in pictures" in html


def test_vehicles_crews_modules_and_articles_get_their_photos(initial_site, client):
    expected = {
        "/vehicles/soyuz-ms-24/": "Soyuz MS-24 crew ship parked at the Rassvet module",
        "/vehicles/spacex-crs-29/": "Cargo Dragon on its final approach",
        "/vehicles/cygnus-ng-19/": "Cygnus NG-19 cargo craft grappled by the Canadarm2",
        "/vehicles/sts-119/": "The whole station over a blue Earth",
        "/expeditions/70/": "The seven Expedition 70 crew members",
        "/expeditions/34/": "Three Expedition 34 crew members in Sokol pressure suits",
    }
    for url, alt in expected.items():
        html = client.get(url).content.decode()
        assert 'id="photos-heading"' in html, url
        assert f'alt="{alt}' in html.replace("&#x27;", "'"), url
        assert "Photo: NASA</a>" in html, url
    assert "Expedition 70 crew" not in client.get("/expeditions/69/").content.decode()

    assert Module.objects.get(slug="quest").image.title == "The Quest airlock, 2002"
    assert Module.objects.get(slug="rassvet").image.title == "Soyuz MS-24 at Rassvet, 2023"
    assert Module.objects.get(slug="zarya").image.credit == "Illustration: ISS Portal project"
    article = Article.objects.get(slug="twenty-years-of-people-aboard")
    assert article.hero.title == "Earth beneath a solar array, Expedition 64"
    # Articles about the station as a whole show its photograph from the year it was taken.
    later = Article.objects.get(slug="atlantis-last-shuttle-visit")
    assert later.hero.title == "The station from Discovery, 2009"
    earlier = Article.objects.get(slug="zarya-first-station-module-launched")
    assert earlier.hero.credit == "Illustration: ISS Portal project"


def test_real_partners_and_visitors_by_country(initial_site, client):
    crew = client.get("/crew/").content.decode()
    for code, name in [
        ("ANGKASA", "Malaysian National Space Agency (Agensi Angkasa Negara)"),
        ("MBRSC", "Mohammed bin Rashid Space Centre"),
        ("SSA", "Saudi Space Agency"),
        ("TUA", "Turkish Space Agency (Türkiye Uzay Ajansı)"),
        ("SpaceAdv", "Space Adventures"),
    ]:
        assert f'<option value="{code}">{name}</option>' in crew
        assert f">{code}</option>" not in crew
    agencies = " ".join(client.get("/agencies/").content.decode().split())
    assert '<a href="/agencies/spaceadv/">Space Adventures</a>' in agencies
    roscosmos = " ".join(client.get("/agencies/rsa/").content.decode().split())
    assert "Zvezda" in roscosmos and "Soyuz" in roscosmos and "Oleg Kononenko" in roscosmos
    visitors = " ".join(re.sub(r"<[^>]+>", " ", client.get("/visitors/").content.decode()).split())
    people = Astronaut.objects.filter(stays__isnull=False).distinct().count()
    assert f"{people} people from" in visitors
    assert "Malaysia 1 1 Sheikh Muszaphar Shukor 12 October 2007" in visitors
    assert "United Kingdom 1 1 Tim Peake 15 December 2015" in visitors


def test_the_first_faq_answers_from_the_records(initial_site, client):
    assert f"FAQ: {len(QUESTIONS)} questions loaded." in initial_site
    page = " ".join(re.sub(r"<[^>]+>", " ", client.get("/faq/").content.decode()).split())
    people = Astronaut.objects.filter(stays__isnull=False).distinct().count()
    assert f"{people} people from" in page
    assert "{" not in page
