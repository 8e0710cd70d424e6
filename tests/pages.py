"""Addresses many tests visit, and what they post to the admin."""

import re

# The station's list pages, in the order of the main menu.
STATION_LISTS = ["/expeditions/", "/crew/", "/spacewalks/", "/vehicles/", "/modules/"]


def whole_sitemap(client):
    """The text of every page the sitemap index (/sitemap.xml) lists, one after another."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    pages = re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index.content.decode())
    return "".join(client.get(page.replace("&amp;", "&")).content.decode() for page in pages)


def formset_management(prefix, total=0, initial=0):
    """The management form fields an admin inline posts with its rows."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
