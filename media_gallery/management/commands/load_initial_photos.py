"""Load the NASA photographs shipped in ``media_gallery/initial_photos/`` as initial images.

Each photo goes through the same upload checks as any upload (``services.ingest``), is
credited as ``IMAGES.csv`` says ("NASA", with the photographer where NASA names one) and
links to its source page. They are gathered in the published gallery "Station in pictures".

Tags say what each photo shows, for ``link_initial_images`` and the pages: ``photo``,
``expedition-<n>``, ``visit-<slug>``, ``module-<slug>`` and ``home-hero`` (the home page's
opening picture).

Idempotent: a photo already loaded (the same NASA photo file, found by title and source, or
the same bytes) is reused, and the gallery, once made, is left as staff arranged it. All or
nothing: any failure rolls the database back and removes every file this run stored.
"""

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from issportal.cache import content_changed
from media_gallery import services
from media_gallery.models import HOME_HERO_TAG, Gallery, GalleryImage, Image

PHOTO_DIR = Path(__file__).resolve().parents[2] / "initial_photos"
LICENSE = "Public domain (NASA)"

GALLERY = {
    "slug": "station-in-pictures",
    "title": "Station in pictures",
    "description": "Photographs of the station, the vehicles that visit it, its crews and "
    "the Earth below, taken by NASA and its astronauts.\n\nNASA photographs are in the "
    "public domain; each image's page links to its source. Their use here does not mean "
    "that NASA endorses this site.",
}


@dataclass(frozen=True)
class Photo:
    """What we say about one file of IMAGES.csv: a title, and the records it shows."""

    title: str
    expeditions: tuple = ()
    visits: tuple = ()
    modules: tuple = ()
    extra_tags: tuple = ()


# In gallery order; keyed by the file name in IMAGES.csv.
PHOTOS = {
    "iss-from-discovery-sts-119.jpg": Photo(
        "The station from Discovery, 2009",
        expeditions=(18,),
        visits=("sts-119",),
        extra_tags=(HOME_HERO_TAG, "station"),
    ),
    "soyuz-ms-24-docked-to-rassvet-2023.jpg": Photo(
        "Soyuz MS-24 at Rassvet, 2023",
        expeditions=(70,),
        visits=("soyuz-ms-24",),
        modules=("rassvet",),
    ),
    "cargo-dragon-crs-29-approach-2023.jpg": Photo(
        "Cargo Dragon CRS-29 on approach, 2023", expeditions=(70,), visits=("spacex-crs-29",)
    ),
    "cygnus-ng-19-in-canadarm2-grip-2023.jpg": Photo(
        "Cygnus NG-19 in Canadarm2's grip, 2023",
        expeditions=(70,),
        visits=("cygnus-ng-19",),
        modules=("canadarm2",),
    ),
    "cygnus-and-soyuz-at-station-2023.jpg": Photo(
        "Cygnus and Soyuz at the station, 2023",
        expeditions=(70,),
        visits=("cygnus-ng-19", "soyuz-ms-24"),
    ),
    "expedition-70-crew-portrait-2023.jpg": Photo(
        "The Expedition 70 crew, 2023", expeditions=(70,), extra_tags=("crew",)
    ),
    "expedition-34-crew-in-sokol-suits.jpg": Photo(
        "Expedition 34 crew in Sokol suits, 2013", expeditions=(34,), extra_tags=("crew",)
    ),
    "quest-airlock-sts-112.jpg": Photo(
        "The Quest airlock, 2002", visits=("sts-112",), modules=("quest",)
    ),
    "spacewalk-training-neutral-buoyancy-lab.jpg": Photo(
        "Spacewalk training under water", extra_tags=("spacewalk", "training")
    ),
    "orbital-sunrise-over-earth-limb-2023.jpg": Photo(
        "Sunrise on the Earth's limb, 2023", expeditions=(70,), extra_tags=("earth",)
    ),
    "storm-over-arabian-sea-from-iss-2023.jpg": Photo(
        "A storm over the Arabian Sea, 2023", expeditions=(70,), extra_tags=("earth",)
    ),
    "earth-and-solar-array-expedition-64.jpg": Photo(
        "Earth beneath a solar array, Expedition 64", expeditions=(64,), extra_tags=("earth",)
    ),
    "aurora-over-earth-horizon-2025.jpg": Photo(
        "Aurora over the horizon, 2025", expeditions=(73,), extra_tags=("earth", "aurora")
    ),
}


def read_rows(photo_dir=PHOTO_DIR):
    with open(photo_dir / "IMAGES.csv", newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def source_url(source):
    """The NASA page the CSV names, else the public file we took the photo from."""
    parts = [part.strip() for part in source.split(";")]
    for part in parts:
        if part.startswith("https://"):
            return part
    repo, _, rest = parts[0].partition("@")
    commit, _, path = rest.partition(":")
    path = quote(path.split(" (", 1)[0].strip(), safe="/()")
    return f"https://github.com/{repo}/blob/{commit}/{path}"


def tags_for(photo, row):
    tags = ["photo", "nasa", row["subject_kind"], *photo.extra_tags]
    tags += [f"expedition-{number}" for number in photo.expeditions]
    tags += [f"visit-{slug}" for slug in photo.visits]
    tags += [f"module-{slug}" for slug in photo.modules]
    return list(dict.fromkeys(tags))


def caption_for(row):
    nasa_id = f" NASA image {row['nasa_id']}." if row["nasa_id"] else ""
    return f"{row['title']}.{nasa_id}"


class Command(BaseCommand):
    help = (
        "Load the NASA photographs shipped with the site, through the upload checks, into "
        "the published gallery “Station in pictures”. Safe to run again; all or nothing."
    )

    def handle(self, *args, **options):
        with services.files_kept_only_if_saved() as written:
            loaded, kept, made_gallery = self.load(written)
        if not loaded and not made_gallery:
            self.stdout.write("NASA photographs are already loaded; nothing to do.")
            return
        self.stdout.write(
            f"Loaded {loaded} NASA photograph{'s' if loaded != 1 else ''} (kept {kept}) "
            f"into the gallery “{GALLERY['title']}”."
        )

    def load(self, written):
        rows = read_rows()
        missing = set(PHOTOS) - set(rows)
        if missing:
            raise CommandError(f"Nothing was loaded: IMAGES.csv lacks {sorted(missing)}.")
        images, loaded, kept = [], 0, 0
        for name, photo in PHOTOS.items():
            row = rows[name]
            url = source_url(row["source"])
            image = Image.objects.filter(title=photo.title, source_url=url).first()
            if image is None:
                image, created = self.ingest(name, photo, row, url, written)
                loaded += created
                kept += not created
            else:
                kept += 1
            images.append(image)
        gallery, created = Gallery.objects.get_or_create(
            slug=GALLERY["slug"],
            defaults={
                "title": GALLERY["title"],
                "description": GALLERY["description"],
                "cover": images[0],
                "status": Gallery.Status.PUBLISHED,
                "publish_at": timezone.now(),
            },
        )
        if created:
            GalleryImage.objects.bulk_create(
                GalleryImage(gallery=gallery, image=image, position=position)
                for position, image in enumerate(images, start=1)
            )
            content_changed()  # bulk_create sends no signal
        return loaded, kept, created

    def ingest(self, name, photo, row, url, written):
        with open(PHOTO_DIR / name, "rb") as handle:
            try:
                result = services.ingest(
                    File(handle, name=name),
                    written=written,
                    file_name=name,
                    tags=tags_for(photo, row),
                    title=photo.title,
                    alt_text=row["title"],
                    caption=caption_for(row),
                    credit=row["credit"],
                    license=LICENSE,
                    source_url=url,
                    taken_at=parse_date(row["date_taken"]) if row["date_taken"] else None,
                )
            except ValidationError as error:
                raise CommandError(
                    f"Nothing was loaded: the photo “{photo.title}” was refused: "
                    + " ".join(error.messages)
                ) from None
        return result.image, result.created
