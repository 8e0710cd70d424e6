"""Fill a benchmark database: the real data plus synthetic volume.

At least 20,000 articles, 50,000 images with renditions, 1,000 galleries, and
the station tables at ten times their real size. Synthetic station records are
copies of the real ones moved 40 years back per copy, so that "now" on the site
still shows the real station. Rows are written with bulk_create; the images
share a few real files, because what is measured is the database and the
templates, not the disk.

Run through bench/run.py, which sets DJANGO_SETTINGS_MODULE and the database.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage

from media_gallery.models import Gallery, GalleryImage, Image, Rendition
from news.models import Article, ArticleTag, TaggedArticle
from stations.crew_names import refresh_crew_names
from stations.models import Astronaut, Expedition, ExpeditionMember, Spacewalk, SpacewalkCrew, Visit

ARTICLES = 20_000
IMAGES = 50_000
GALLERIES = 1_000
IMAGES_PER_GALLERY = 24
STATION_COPIES = 9  # plus the real data: ten times its size
RENDITION_WIDTHS = (320, 640, 960, 1280)
SHIFT_DAYS = 365 * 40
BATCH = 2_000

random.seed(20261126)


def shifted(day, copy):
    return day - datetime.timedelta(days=SHIFT_DAYS * copy) if day else day


def copy_stations():
    source = Expedition.objects.values_list("source", flat=True).first()
    people = list(Astronaut.objects.all())
    expeditions = list(Expedition.objects.all())
    members = list(ExpeditionMember.objects.all())
    spacewalks = list(Spacewalk.objects.all())
    crew = list(SpacewalkCrew.objects.all())
    visits = list(Visit.objects.prefetch_related("crew"))
    for copy in range(1, STATION_COPIES + 1):
        person_map = {}
        new_people = [
            Astronaut(
                name=f"{p.name} ({copy})",
                slug=f"{p.slug}-{copy}",
                aliases=p.aliases,
                agency_id=p.agency_id,
                nationality=p.nationality,
                birth_date=shifted(p.birth_date, copy),
                source_id=p.source_id,
            )
            for p in people
        ]
        for old, new in zip(
            people, Astronaut.objects.bulk_create(new_people, batch_size=BATCH), strict=True
        ):
            person_map[old.pk] = new.pk
        expedition_map = {}
        new_expeditions = [
            Expedition(
                number=e.number + 1000 * copy,
                start=shifted(e.start, copy),
                end=shifted(e.end or timezone.now().date(), copy),
                source_id=e.source_id,
            )
            for e in expeditions
        ]
        for old, new in zip(
            expeditions, Expedition.objects.bulk_create(new_expeditions), strict=True
        ):
            expedition_map[old.pk] = new.pk
        ExpeditionMember.objects.bulk_create(
            [
                ExpeditionMember(
                    expedition_id=expedition_map[m.expedition_id],
                    astronaut_id=person_map[m.astronaut_id],
                    role=m.role,
                    joined=shifted(m.joined, copy),
                    left=shifted(m.left, copy),
                    source_id=m.source_id,
                )
                for m in members
            ],
            batch_size=BATCH,
        )
        spacewalk_map = {}
        new_spacewalks = [
            Spacewalk(
                designation=f"{s.designation} ({copy})",
                date=shifted(s.date, copy),
                duration=s.duration,
                expedition_id=expedition_map.get(s.expedition_id),
                mission=s.mission,
                airlock=s.airlock,
                purpose=s.purpose,
                source_id=s.source_id,
            )
            for s in spacewalks
        ]
        for old, new in zip(spacewalks, Spacewalk.objects.bulk_create(new_spacewalks), strict=True):
            spacewalk_map[old.pk] = new.pk
        SpacewalkCrew.objects.bulk_create(
            [
                SpacewalkCrew(
                    spacewalk_id=spacewalk_map[c.spacewalk_id],
                    astronaut_id=person_map[c.astronaut_id],
                    source_id=c.source_id,
                )
                for c in crew
            ],
            batch_size=BATCH,
        )
        new_visits = Visit.objects.bulk_create(
            [
                Visit(
                    name=f"{v.name} ({copy})",
                    slug=f"{v.slug}-{copy}",
                    spacecraft_type_id=v.spacecraft_type_id,
                    launch_date=shifted(v.launch_date, copy),
                    arrival_date=shifted(v.arrival_date, copy),
                    departure_date=shifted(v.last_day(), copy),
                    port=v.port,
                    mode=v.mode,
                    source_id=v.source_id,
                )
                for v in visits
            ]
        )
        Visit.crew.through.objects.bulk_create(
            [
                Visit.crew.through(visit_id=new.pk, astronaut_id=person_map[person.pk])
                for old, new in zip(visits, new_visits, strict=True)
                for person in old.crew.all()
            ],
            batch_size=BATCH,
        )
    return source


WORDS = [
    "station",
    "crew",
    "module",
    "dock",
    "spacewalk",
    "orbit",
    "solar",
    "array",
    "experiment",
    "cargo",
    "Soyuz",
    "Dragon",
    "Cygnus",
    "Progress",
    "robotic",
    "arm",
    "radiator",
    "cooling",
    "loop",
    "science",
    "laboratory",
    "Earth",
    "observation",
]


def sentence(n):
    return " ".join(random.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_articles():
    now = timezone.now()
    tags = [
        ArticleTag.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]
        for name in (
            "Science",
            "Crew",
            "Spacewalks",
            "Cargo",
            "Soyuz",
            "Dragon",
            "Assembly",
            "Research",
        )
    ]
    kinds = [Article.Kind.NEWS_RELEASE, Article.Kind.BLOG_POST, Article.Kind.FEATURE]
    articles = Article.objects.bulk_create(
        [
            Article(
                kind=kinds[i % 3],
                title=f"{sentence(6)[:-1]} {i}",
                slug=f"bench-article-{i}",
                summary=sentence(20),
                body="\n\n".join(sentence(40) for _ in range(6)),
                byline="Benchmark desk",
                status=Article.Status.PUBLISHED if i % 10 else Article.Status.DRAFT,
                publish_at=now - datetime.timedelta(hours=6 * i + 1),
            )
            for i in range(ARTICLES)
        ],
        batch_size=BATCH,
    )
    TaggedArticle.objects.bulk_create(
        [
            TaggedArticle(content_object=article, tag=tag)
            for i, article in enumerate(articles)
            for tag in random.sample(tags, 2)
        ],
        batch_size=BATCH,
    )


def image_bytes(color, size=(1600, 1000), fmt="JPEG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, fmt, quality=80)
    return buffer.getvalue()


def make_images():
    """50,000 Image rows sharing 10 originals; each with its renditions (shared files too)."""
    from django.core.files.storage import default_storage

    originals = []
    for n in range(10):
        color = (20 * n, 60, 200 - 15 * n)
        originals.append(
            default_storage.save(f"bench/original-{n}.jpg", ContentFile(image_bytes(color)))
        )
    rendition_files = {}
    for n in range(10):
        for width in RENDITION_WIDTHS:
            height = width * 10 // 16
            for fmt, ext in (("webp", "WEBP"), ("jpeg", "JPEG")):
                name = f"bench/r-{n}-{width}.{fmt}"
                rendition_files[(n, width, fmt)] = default_storage.save(
                    name, ContentFile(image_bytes((30, 90, 160), (width, height), ext))
                )
    for start in range(0, IMAGES, BATCH):
        images = Image.objects.bulk_create(
            [
                Image(
                    file=originals[i % 10],
                    title=f"Station view {i}",
                    alt_text=f"The station seen from a visiting vehicle, view {i}",
                    credit="Benchmark illustrations",
                    license="CC0 1.0",
                    width=1600,
                    height=1000,
                    content_hash=f"{i:064x}",
                    renditions_status=Image.RenditionsStatus.READY,  # made just below
                )
                for i in range(start, min(start + BATCH, IMAGES))
            ]
        )
        Rendition.objects.bulk_create(
            [
                Rendition(
                    image=image,
                    width=width,
                    height=width * 10 // 16,
                    format=fmt,
                    file=rendition_files[(image.pk % 10, width, fmt)],
                )
                for image in images
                for width in RENDITION_WIDTHS
                for fmt in ("webp", "jpeg")
            ],
            batch_size=BATCH * 4,
        )


def make_galleries():
    now = timezone.now()
    image_ids = list(Image.objects.order_by("pk").values_list("pk", flat=True))
    galleries = Gallery.objects.bulk_create(
        [
            Gallery(
                title=f"Benchmark gallery {i}",
                slug=f"bench-gallery-{i}",
                description=sentence(30),
                cover_id=image_ids[i * IMAGES_PER_GALLERY % len(image_ids)],
                status=Gallery.Status.PUBLISHED,
                publish_at=now - datetime.timedelta(days=i + 1),
            )
            for i in range(GALLERIES)
        ]
    )
    GalleryImage.objects.bulk_create(
        [
            GalleryImage(
                gallery=gallery,
                image_id=image_ids[(g * IMAGES_PER_GALLERY + k) % len(image_ids)],
                position=k,
            )
            for g, gallery in enumerate(galleries)
            for k in range(IMAGES_PER_GALLERY)
        ],
        batch_size=BATCH,
    )


def populate():
    call_command("load_initial_data", verbosity=0)  # the real data first, when missing
    with transaction.atomic():
        copy_stations()
        make_articles()
        make_images()
        make_galleries()
        # bulk_create skips save() and signals: fill the crew's names, then the stored
        # search vectors in one statement each.
        for model in (Expedition, Spacewalk, Visit):
            refresh_crew_names(model)
        for model in (Article, Gallery, Expedition, Astronaut, Spacewalk, Visit):
            model.refresh_all_search_vectors()
    print(
        "bench data:",
        f"{Article.objects.count()} articles, {Image.objects.count()} images,",
        f"{Rendition.objects.count()} renditions, {Gallery.objects.count()} galleries,",
        f"{Expedition.objects.count()} expeditions, {Astronaut.objects.count()} people,",
        f"{Spacewalk.objects.count()} spacewalks, {Visit.objects.count()} visits",
    )
