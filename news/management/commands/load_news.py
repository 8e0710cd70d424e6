from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.text import slugify

from news import initial_content
from news.models import Article
from stations.models import Astronaut
from stations.models import Expedition
from stations.models import Spacewalk
from stations.models import Visit


def _candidates(entry):
    return (entry,) if isinstance(entry, str) else tuple(entry)


def find_person(names):
    """The first of ``names`` found as a slug, then as a name, then as a recorded spelling."""
    for name in names:
        person = Astronaut.objects.filter(slug=slugify(name)).first()
        if person:
            return person
    for name in names:
        person = Astronaut.objects.filter(name__iexact=name).first()
        if person:
            return person
    for name in names:
        for person in Astronaut.objects.filter(aliases__icontains=name):
            if name.casefold() in (alias.casefold() for alias in person.alias_list):
                return person
    return None


def find_visit(slugs):
    return Visit.objects.filter(slug__in=slugs).order_by("arrival_date").first()


def resolve_links(links):
    """Station records named in ``links``; any the data does not hold are left out."""
    expeditions = list(Expedition.objects.filter(number__in=links.get("expeditions", [])))
    if links.get("expeditions_on"):
        expeditions += list(Expedition.objects.active_on(links["expeditions_on"]))
    people = [find_person(_candidates(entry)) for entry in links.get("astronauts", [])]
    visits = [find_visit(_candidates(entry)) for entry in links.get("visits", [])]
    spacewalks = Spacewalk.objects.filter(designation__in=links.get("spacewalks", []))
    return {
        "expeditions": expeditions,
        "astronauts": [person for person in people if person],
        "spacewalks": list(spacewalks),
        "visits": [visit for visit in visits if visit],
    }


class Command(BaseCommand):
    help = (
        "Create the initial news and blog articles about real events in the station's "
        "history, linked to the station records that exist. Keyed by slug: an article "
        "already present is left as it is, so staff edits survive. All or nothing."
    )

    def handle(self, *args, **options):
        created = present = 0
        try:
            with transaction.atomic():
                for entry in initial_content.ARTICLES:
                    if Article.objects.filter(slug=entry["slug"]).exists():
                        present += 1
                        continue
                    self.create(entry)
                    created += 1
        except ValidationError as error:
            raise CommandError(f"Nothing was loaded. Article {entry['slug']!r}: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"News: {created + present} articles ({created} new, {present} already present)."
            )
        )

    def create(self, entry):
        fields = {key: entry[key] for key in ("slug", "kind", "title", "summary", "publish_at")}
        article = Article(
            **fields,
            body=entry["body"],
            byline=entry.get("byline")
            or (initial_content.BLOG_BYLINE if entry["kind"] == "blog" else initial_content.BYLINE),
            status=Article.Status.PUBLISHED,
        )
        article.full_clean()
        article.save()
        article.tags.add(*entry.get("tags", []))
        for name, records in resolve_links(entry.get("links", {})).items():
            if records:
                getattr(article, name).add(*records)
        return article
