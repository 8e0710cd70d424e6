import re

from django.core.management.base import BaseCommand
from django.db import transaction

from media_gallery.models import Image
from news.models import Article
from stations.models import Expedition
from stations.models import Module

# The project's module drawings are tagged with these keys; most are module slugs.
MODULE_KEYS = {"kibo": "kibo-pm"}


class Command(BaseCommand):
    help = (
        "Give the initial records their pictures: photographs of the modules they show, "
        "expedition emblems, module drawings where no photo exists, and article heroes (a "
        "photo of what the article tells of first). Fills only empty places, so a picture "
        "staff chose stays; safe to rerun."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        patches = {}
        modules = {}
        module_photos = {}
        photos = []  # (tags, image) in the order loaded
        station_views = []
        station_photos = []
        for image in Image.objects.prefetch_related("tags").order_by("pk"):
            tags = {tag.name for tag in image.tags.all()}
            numbers = [int(m.group(1)) for t in tags if (m := re.fullmatch(r"expedition-(\d+)", t))]
            if "photo" in tags:
                photos.append((tags, image))
                if "station" in tags and image.taken_at:
                    station_photos.append((image.taken_at.year, image))
                for tag in tags:
                    if tag.startswith("module-"):
                        module_photos.setdefault(tag.removeprefix("module-"), image)
            elif "patch" in tags and numbers:
                patches[numbers[0]] = image
            elif "module" in tags:
                for tag in tags - {"module", "illustration"}:
                    modules[MODULE_KEYS.get(tag, tag)] = image
            elif "station" in tags and (year := re.search(r"(\d{4})$", image.title)):
                station_views.append((int(year.group(1)), image))
        station_views.sort(key=lambda pair: pair[0])
        station_photos.sort(key=lambda pair: pair[0])
        modules.update(module_photos)  # a photograph where there is one

        linked = 0
        for expedition in Expedition.objects.filter(patch__isnull=True, number__in=patches):
            expedition.patch = patches[expedition.number]
            expedition.save(update_fields=["patch", "updated_at"])
            linked += 1
        for module in Module.objects.filter(image__isnull=True, slug__in=modules):
            module.image = modules[module.slug]
            module.save(update_fields=["image", "updated_at"])
            linked += 1
        articles = Article.objects.filter(hero__isnull=True).prefetch_related(
            "expeditions", "visits"
        )
        for article in articles:
            article.hero = self.photo_for(article, photos) or self.hero_for(
                article, patches, station_views, station_photos
            )
            if article.hero is not None:
                article.save(update_fields=["hero", "updated_at"])
                linked += 1
        self.stdout.write(f"Pictures: {linked} records linked to their images.")

    @staticmethod
    def photo_for(article, photos):
        """A photograph of a visit, else of an expedition, the article tells of."""
        wanted = [f"visit-{visit.slug}" for visit in article.visits.all()] + [
            f"expedition-{expedition.number}" for expedition in article.expeditions.all()
        ]
        for tag in wanted:
            for tags, image in photos:
                if tag in tags:
                    return image
        return None

    @staticmethod
    def hero_for(article, patches, station_views, station_photos=()):
        """The emblem of an expedition it tells of, else the station as it was that year: a
        photograph of it taken by then, else a drawing."""
        for expedition in article.expeditions.all():
            if expedition.number in patches:
                return patches[expedition.number]
        if article.publish_at is None:
            return None
        year = article.publish_at.year
        taken = [image for photo_year, image in station_photos if photo_year <= year]
        if taken:
            return taken[-1]
        if not station_views:
            return None
        earlier = [image for view_year, image in station_views if view_year <= year]
        return earlier[-1] if earlier else station_views[0][1]
