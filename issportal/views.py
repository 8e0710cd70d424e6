from django.db import DatabaseError
from django.db import connection
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from media_gallery.models import Gallery
from media_gallery.models import Image
from news.models import Article
from stations import stats
from stations.models import records_as_of

from .cache import per_generation


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /healthz",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


SEARCH_RESULTS_PER_PAGE = 20


def search_kinds():
    from media_gallery.search import KINDS as gallery_kinds
    from news.search import KINDS as news_kinds
    from stations.search import KINDS as station_kinds

    return [*station_kinds, *news_kinds, *gallery_kinds]


@require_GET
def search(request):
    """One search over every public record, results labelled by kind and paginated."""
    from django.core.paginator import Paginator

    from .search import COUNT_LIMIT
    from .search import SearchResults
    from .search import clean_query
    from .search import suggest

    query, shortened = clean_query(request.GET.get("q", ""))
    page_number = request.GET.get("page", "")
    # Read as many results as the pages up to this one hold; past the tenth page (rare, and
    # not to be asked for thousands of rows at a time) the results read more when sliced.
    # The number is read as the Paginator reads it (int(), whatever it accepts).
    try:
        wanted = int(page_number)
    except ValueError:
        wanted = 1
    pages_read = min(max(wanted, 1), 10)
    kinds, needed = search_kinds(), pages_read * SEARCH_RESULTS_PER_PAGE
    results = SearchResults(kinds, query, needed=needed)
    # Nothing found: perhaps a name was misspelt ("whitsn"); show what its closest
    # spelling finds. Two more queries, only then (a search that finds something, however
    # little, keeps its fixed count).
    corrected = None
    if query and not len(results):
        suggestion = suggest(kinds, query)
        if suggestion:
            better = SearchResults(kinds, suggestion, needed=needed)
            if len(better):
                results, corrected = better, suggestion
    page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(page_number)
    return render(
        request,
        "search.html",
        {
            "query": query,
            "corrected": corrected,
            "shortened": shortened,
            "page_obj": page,
            "results": page.object_list,
            "count": len(results),
            "more_than": COUNT_LIMIT if results.more_than_counted else None,
            "crumbs": [("Search", request.path)],
        },
    )


def home_station():
    as_of = records_as_of()
    return {"figures": stats.headline_figures(as_of), **stats.station_now(as_of)}


HOME_GALLERY_STRIP = 6


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The figures and the station's state as of its newest record change only with
        # its records, never with the date.
        context.update(per_generation("home_station", home_station))
        latest_news = list(
            Article.objects.published()
            .select_related("hero")
            .only("kind", "title", "slug", "summary", "publish_at", "hero")[:3]
        )
        gallery = Gallery.objects.published().order_by("-publish_at").first()
        # The strip shows the first few pictures: read only those.
        strip = (
            list(
                gallery.items.select_related("image").order_by("position", "pk")[
                    :HOME_GALLERY_STRIP
                ]
            )
            if gallery is not None
            else []
        )
        hero_image = Image.objects.home_hero()
        # Every picture's renditions in one query: the hero's, the news heroes' and the strip's.
        pictures = [a.hero for a in latest_news if a.hero] + [item.image for item in strip]
        prefetch_related_objects([hero_image, *pictures] if hero_image else pictures, "renditions")
        context.update(
            hero_image=hero_image, latest_news=latest_news, gallery=gallery, gallery_strip=strip
        )
        return context
