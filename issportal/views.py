"""The site-wide pages of the shared base: search, the health check, robots.txt.

They name no app: the search runs over the kinds the apps registered (``registry``).
The home page composes the apps and is the project top's (``issportal.home``).
"""

import copy

from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import registry
from . import search as site_search
from .cache import computed_on_use, response_from, shared_per_generation, stored_response


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


# Addresses per sitemap page. One page of every address (52,000 at ten times the data)
# took 5 s and 100 MB of a worker's memory to render.
SITEMAP_PAGE_SIZE = 5000


def sitemap_sections(only=None):
    """The sections the apps registered (``registry.sitemaps``), each paged by
    ``SITEMAP_PAGE_SIZE`` and reading its records once per request (Django's index asks a
    section for them twice: to count its pages and for its latest change)."""
    sections = {}
    for name, section in registry.sitemaps().items():
        if only is not None and name != only:
            continue
        section = section() if isinstance(section, type) else copy.copy(section)
        section.limit = SITEMAP_PAGE_SIZE
        records = list(section.items())
        section.items = lambda records=records: records
        sections[name] = section
    if only is not None and not sections:
        raise Http404("No such sitemap section.")
    return sections


def kept_sitemap(request, render):
    """``render()``'s sitemap response, rendered and compressed once per content generation
    for all servers (the compressed copy for those who ask for gzip)."""

    def rendered():
        return stored_response(render())

    def compressed():
        status, headers, content = kept("plain", rendered)
        return status, headers, compress_string(content)

    def kept(encoding, compute):
        return shared_per_generation(f"sitemap:{encoding}:{request.build_absolute_uri()}", compute)

    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    if gzipped:
        status, headers, content = kept("gzip", compressed)
    else:
        status, headers, content = kept("plain", rendered)
    response = response_from((status, headers, content))
    patch_vary_headers(response, ["Accept-Encoding"])
    if gzipped:
        response["Content-Encoding"] = "gzip"  # the compression middleware leaves it be
    return response


@require_GET
def sitemap_index(request):
    """The sitemap index: every page of every section (``django.contrib.sitemaps``)."""
    return kept_sitemap(
        request,
        lambda: sitemap_views.index(
            request, sitemap_sections(), sitemap_url_name="sitemap_section"
        ),
    )


@require_GET
def sitemap_section(request, section):
    """One page (``?p=``) of one section of the sitemap."""
    return kept_sitemap(
        request,
        lambda: sitemap_views.sitemap(request, sitemap_sections(section), section=section),
    )


SEARCH_RESULTS_PER_PAGE = 20


@require_GET
def search(request):
    """One search over every public record, results labelled by kind and paginated."""
    query, shortened = site_search.clean_query(request.GET.get("q", ""))
    page_number = request.GET.get("page", "")
    # Read as many results as the pages up to this one hold; past the tenth page (rare, and
    # not to be asked for thousands of rows at a time) the results read more when sliced.
    # The number is read as the Paginator reads it (int(), whatever it accepts).
    try:
        wanted = int(page_number)
    except ValueError:
        wanted = 1
    pages_read = min(max(wanted, 1), 10)
    kinds, needed = registry.search_kinds(), pages_read * SEARCH_RESULTS_PER_PAGE

    def found():
        results = site_search.SearchResults(kinds, query, needed=needed)
        # Nothing found: perhaps a name was misspelt ("whitsn"); show what its closest
        # spelling finds. Two more queries, only then (a search that finds something,
        # however little, keeps its fixed count).
        corrected = None
        if query and not len(results):
            suggestion = site_search.suggest(kinds, query)
            if suggestion:
                better = site_search.SearchResults(kinds, suggestion, needed=needed)
                if len(better):
                    results, corrected = better, suggestion
        page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(page_number)
        return {
            "corrected": corrected,
            "page_obj": page,
            "results": page.object_list,
            "count": len(results),
            "more_than": site_search.COUNT_LIMIT if results.more_than_counted else None,
        }

    context = {"query": query, "shortened": shortened, "crumbs": [("Search", request.path)]}
    # The results are kept per address and content generation (search.html): the search
    # runs only when they are rendered.
    names = ("corrected", "page_obj", "results", "count", "more_than")
    context.update(computed_on_use(found, names))
    return render(request, "search.html", context)
