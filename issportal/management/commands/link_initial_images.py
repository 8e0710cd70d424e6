import re

from django.core.management.base import BaseCommand
from django.db import transaction

from media_gallery.models import Image
from news.models import Article
from stations.models import Expedition, Module

# The project's module drawings are tagged with these keys; most are module slugs.
MODULE_KEYS = {"kibo": "kibo-pm"}


class Command(BaseCommand):
    help = (
        "Give the initial records their pictures: expedition emblems, module drawings, and "
        "article heroes. Fills only empty places, so a picture staff chose stays; safe to rerun."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        patches = {}
        modules = {}
        station_views = []
        for image in Image.objects.prefetch_related("tags"):
            tags = {tag.name for tag in image.tags.all()}
            numbers = [int(m.group(1)) for t in tags if (m := re.fullmatch(r"expedition-(\d+)", t))]
            if "patch" in tags and numbers:
                patches[numbers[0]] = image
            elif "module" in tags:
                for tag in tags - {"module", "illustration"}:
                    modules[MODULE_KEYS.get(tag, tag)] = image
            elif "station" in tags and (year := re.search(r"(\d{4})$", image.title)):
                station_views.append((int(year.group(1)), image))
        station_views.sort(key=lambda pair: pair[0])

        linked = 0
        for expedition in Expedition.objects.filter(patch__isnull=True, number__in=patches):
            expedition.patch = patches[expedition.number]
            expedition.save(update_fields=["patch", "updated_at"])
            linked += 1
        for module in Module.objects.filter(image__isnull=True, slug__in=modules):
            module.image = modules[module.slug]
            module.save(update_fields=["image", "updated_at"])
            linked += 1
        for article in Article.objects.filter(hero__isnull=True).prefetch_related("expeditions"):
            article.hero = self.hero_for(article, patches, station_views)
            if article.hero is not None:
                article.save(update_fields=["hero", "updated_at"])
                linked += 1
        self.stdout.write(f"Pictures: {linked} records linked to their images.")

    @staticmethod
    def hero_for(article, patches, station_views):
        """The emblem of an expedition it tells of, else the station as it was that year."""
        for expedition in article.expeditions.all():
            if expedition.number in patches:
                return patches[expedition.number]
        if not station_views or article.publish_at is None:
            return None
        year = article.publish_at.year
        earlier = [image for view_year, image in station_views if view_year <= year]
        return earlier[-1] if earlier else station_views[0][1]
