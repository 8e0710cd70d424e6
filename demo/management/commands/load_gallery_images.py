"""Draw the site's first images with Pillow and arrange them in published galleries.

Idempotent: an image already loaded (same title and credit, or the same bytes) is reused,
and a gallery that exists (same slug) is left as staff arranged it. All or nothing: any
failure rolls the database back and removes every file this run stored.
"""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo import illustrations as draw
from issportal.cache import content_changed
from media_gallery import services
from media_gallery.models import Gallery, GalleryImage, Image

CREDIT = "Illustration: ISS Portal project"
LICENSE = "CC0 1.0"
DRAWN = "Illustration drawn for this site; stylised, not an engineering drawing."


@dataclass
class Picture:
    key: str
    title: str
    alt_text: str
    caption: str
    tags: list[str]
    make: object  # () -> PIL image
    extra: dict = field(default_factory=dict)


def _module(key, title, alt, caption, *args, **kwargs):
    return Picture(
        key,
        title,
        alt,
        f"{caption} All the module drawings share one scale; the bar is five metres.",
        ["module", "illustration", key],
        lambda: draw.module_drawing(*args, **kwargs),
    )


PATCHES = {
    1: ("a dark blue ring edged in gold", 2000),
    10: ("a red ring edged in white", 2004),
    25: ("a green ring edged in gold", 2010),
    50: ("a purple ring edged in yellow", 2016),
    64: ("a black ring edged in orange", 2020),
    72: ("a blue ring edged in white", 2024),
}


def _patch(number, seed):
    ring, year = PATCHES[number]
    return Picture(
        f"patch-{number}",
        f"Expedition {number} emblem",
        f"Round emblem reading “Expedition {number}” above and “International Space "
        f"Station” below, on {ring}; inside, the station over the curve of the Earth.",
        f"An emblem in the manner of an expedition patch for Expedition {number} ({year}). "
        "It is not the crew's official patch.",
        ["patch", "emblem", f"expedition-{number}"],
        lambda: draw.expedition_patch(number, seed),
    )


PICTURES = [
    Picture(
        "assembly-1998",
        "Assembly begins, 1998",
        "Drawing of the first two modules seen from above: the long grey Zarya module with "
        "a blue solar array on each side, joined to the round white Unity node.",
        "December 1998: Zarya, launched by Russia in November, is joined by the American node "
        "Unity, and the station has begun.",
        ["station", "silhouette", "assembly"],
        lambda: draw.station_view(
            "Assembly begins", "Zarya and Unity, December 1998", "1998", seed=1998
        ),
    ),
    Picture(
        "first-crew-2000",
        "Ready for the first crew, 2000",
        "Drawing of the young station from above: three grey modules in a row with small "
        "solar arrays, and one very long pair of solar arrays standing across the end node.",
        "Late 2000: Zvezda has joined Zarya and Unity, Expedition 1 moves in on 2 November, "
        "and in December the big P6 arrays are raised on top.",
        ["station", "silhouette", "assembly", "expedition-1"],
        lambda: draw.station_view("Ready for a crew", "Late 2000", "2000", seed=2000),
    ),
    Picture(
        "complete-2011",
        "The finished station, 2011",
        "Drawing of the finished station from above, over the blue curve of the Earth: a row "
        "of modules crossed by a long truss with two pairs of blue solar arrays at each end.",
        "By 2011 the main assembly was done: modules from the United States, Russia, Europe "
        "and Japan, with the truss and its eight solar array wings across them.",
        ["station", "silhouette"],
        lambda: draw.station_view(
            "The finished station", "2011", "complete", seed=2011, earth=True
        ),
    ),
    Picture(
        "new-arrays-2021",
        "New solar arrays, 2021",
        "Drawing of the station from above in which smaller, darker solar panels lie over part "
        "of each of the original blue arrays at the ends of the truss.",
        "From 2021 new roll-out arrays were fixed over the ageing ones, adding power without "
        "replacing them.",
        ["station", "silhouette", "solar-arrays"],
        lambda: draw.station_view("New solar arrays", "From 2021", "2021", seed=2021),
    ),
    _module(
        "zarya",
        "Zarya",
        "Drawing of the Zarya module side on: a long grey cylinder with a blue solar array "
        "above and below its middle, and a five-metre scale bar.",
        "Zarya, the first module, launched on 20 November 1998.",
        "Zarya",
        "Roscosmos",
        12.6,
        4.1,
        "1998",
        seed=101,
        kind="arrays",
    ),
    _module(
        "unity",
        "Unity",
        "Drawing of the Unity node: a short white cylinder with a gold docking port on each "
        "of its four sides, and a five-metre scale bar.",
        "Unity, the first American node, joins modules together through its six ports.",
        "Unity",
        "NASA",
        5.5,
        4.6,
        "1998",
        seed=102,
        kind="node",
    ),
    _module(
        "zvezda",
        "Zvezda",
        "Drawing of the Zvezda service module side on: a long grey cylinder with ribbed "
        "rings, and a five-metre scale bar.",
        "Zvezda, the service module, launched in July 2000: living quarters and engines.",
        "Zvezda",
        "Roscosmos",
        13.1,
        4.2,
        "2000",
        seed=103,
    ),
    _module(
        "destiny",
        "Destiny",
        "Drawing of the Destiny laboratory side on: a grey cylinder shorter than Zvezda, with "
        "ribbed rings, and a five-metre scale bar.",
        "Destiny, the American laboratory, launched in February 2001.",
        "Destiny",
        "NASA",
        8.5,
        4.3,
        "2001",
        seed=104,
    ),
    _module(
        "kibo",
        "Kibo",
        "Drawing of Kibo's pressurised module side on: a long grey cylinder with ribbed "
        "rings, and a five-metre scale bar.",
        "Kibo, Japan's laboratory, the station's largest single module, launched in 2008.",
        "Kibo",
        "JAXA",
        11.2,
        4.4,
        "2008",
        seed=105,
    ),
    _module(
        "cupola",
        "Cupola",
        "Drawing of the Cupola seen from below: a small grey hexagon with a round central "
        "window and six smaller windows around it, and a five-metre scale bar.",
        "The Cupola, seven windows onto the Earth, launched in February 2010.",
        "Cupola",
        "ESA",
        1.5,
        2.95,
        "2010",
        seed=106,
        kind="cupola",
        size="about 3 m across",
    ),
    Picture(
        "orbit-tilt",
        "The orbit's tilt",
        "Diagram of the Earth as a blue disc crossed by the horizontal line of the equator, "
        "with the station's orbit drawn as a gold ellipse tilted 51.6 degrees to it.",
        "The orbit is inclined 51.6 degrees to the equator, so the station flies over most of "
        "the places where people live.",
        ["orbit", "diagram"],
        lambda: draw.orbit_diagram(seed=201),
    ),
    Picture(
        "altitude",
        "Height, to scale",
        "Diagram drawn to scale of the curve of the Earth with the station's orbit as a thin "
        "gold line just above it, marked “about 400 km”.",
        "About 400 kilometres up: drawn to scale, the orbit is a thin line hugging the Earth.",
        ["orbit", "diagram"],
        lambda: draw.altitude_diagram(seed=202),
    ),
    Picture(
        "ground-track",
        "Ground track",
        "Map grid from 60 degrees south to 60 degrees north with three wavy lines, in gold, "
        "orange and white, each one shifted to the left of the one before.",
        "Each orbit takes about 92 minutes while the Earth turns beneath, so each pass crosses "
        "the equator about 23 degrees further west.",
        ["orbit", "diagram", "ground-track"],
        lambda: draw.ground_track(seed=203),
    ),
    Picture(
        "sunrises",
        "Sixteen sunrises a day",
        "Ring divided into sixteen gold and dark segments around a blue disc labelled "
        "“24 h, 16 orbits”.",
        "The crew sees about sixteen sunrises and sixteen sunsets every day.",
        ["orbit", "diagram", "daylight"],
        lambda: draw.sunrises_diagram(seed=204),
    ),
    *[_patch(number, seed) for seed, number in enumerate(PATCHES)],
]

GALLERIES = [
    {
        "slug": "the-station-in-outline",
        "title": "The station in outline",
        "description": "How the station grew, from two modules in **1998** to the finished "
        "outpost, drawn from above.\n\nThe drawings are stylised: the shapes and their order "
        "are right, the proportions only roughly.",
        "pictures": ["assembly-1998", "first-crew-2000", "complete-2011", "new-arrays-2021"],
    },
    {
        "slug": "modules-to-scale",
        "title": "Modules, to scale",
        "description": "Six of the station's modules, side by side at the same scale, with "
        "the agency that built each and the year it was launched.",
        "pictures": ["zarya", "unity", "zvezda", "destiny", "kibo", "cupola"],
    },
    {
        "slug": "orbits",
        "title": "How the station orbits",
        "description": "Four diagrams of the orbit: its tilt, its height, its track over the "
        "ground and its days and nights.",
        "pictures": ["orbit-tilt", "altitude", "ground-track", "sunrises"],
    },
    {
        "slug": "expedition-emblems",
        "title": "Expedition emblems",
        "description": "Emblems in the manner of expedition patches, drawn for this site for "
        "a few of the expeditions. They are not the crews' official patches.",
        "pictures": [f"patch-{number}" for number in PATCHES],
    },
]


def png_bytes(im):
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Draw the site's first images with Pillow (no network) and arrange them in published "
        "galleries. Safe to run again; all or nothing."
    )

    def handle(self, *args, **options):
        with services.files_kept_only_if_saved() as written:
            drawn, reused, galleries = self.load(written)
        if not drawn and not galleries:
            self.stdout.write("Gallery images are already loaded; nothing to do.")
            return
        self.stdout.write(
            f"Drew {drawn} image{'s' if drawn != 1 else ''} (kept {reused}) and made "
            f"{galleries} galler{'y' if galleries == 1 else 'ies'}."
        )

    def load(self, written):
        images, drawn, reused = {}, 0, 0
        for picture in PICTURES:
            image = Image.objects.filter(title=picture.title, credit=CREDIT).first()
            if image is None:
                image, created = self.ingest(picture, written)
                drawn += created
                reused += not created
            else:
                reused += 1
            images[picture.key] = image
        galleries = 0
        now = timezone.now()
        for spec in GALLERIES:
            members = [images[key] for key in spec["pictures"]]
            gallery, created = Gallery.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "title": spec["title"],
                    "description": spec["description"],
                    "cover": members[0],
                    "status": Gallery.Status.PUBLISHED,
                    "publish_at": now,
                },
            )
            if created:
                galleries += 1
                GalleryImage.objects.bulk_create(
                    GalleryImage(gallery=gallery, image=image, position=position)
                    for position, image in enumerate(members, start=1)
                )
                content_changed()  # bulk_create sends no signal
        return drawn, reused, galleries

    def ingest(self, picture, written):
        upload = ContentFile(png_bytes(picture.make()), name=f"{picture.key}.png")
        try:
            result = services.ingest(
                upload,
                written=written,
                file_name=upload.name,
                tags=picture.tags,
                title=picture.title,
                alt_text=picture.alt_text,
                caption=f"{picture.caption} {DRAWN}",
                credit=CREDIT,
                license=LICENSE,
            )
        except ValidationError as error:
            raise CommandError(
                f"Nothing was loaded: the image “{picture.title}” was refused: "
                + " ".join(error.messages)
            ) from None
        return result.image, result.created
