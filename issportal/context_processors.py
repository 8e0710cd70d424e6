from .links import url_for

# The sections in the main navigation, in order. A section is listed here once
# its pages exist, so the header never carries a dead link.
SECTIONS = (
    ("Home", "home"),
    ("Expeditions", "stations:expedition_list"),
    ("Crew", "stations:astronaut_list"),
    ("Spacewalks", "stations:spacewalk_list"),
    ("Vehicles", "stations:visit_list"),
    ("Modules", "stations:module_list"),
    ("Who was aboard", "stations:aboard"),
    ("Facts", "stations:facts"),
    ("News", "news:article_list"),
    ("Blog", "news:blog"),
    ("Gallery", "media_gallery:gallery_list"),
    ("Search", "search"),
)


def site(request):
    path = request.path
    sections = []
    for label, url_name in SECTIONS:
        url = url_for(url_name)
        active = path == url if url == "/" else path.startswith(url)
        sections.append({"label": label, "url": url, "active": active})
    return {
        "site_sections": sections,
        "data_sources_url": url_for("stations:data_sources"),
        # One address per page for search engines: the path without filters or paging.
        "canonical_url": request.build_absolute_uri(path),
    }
