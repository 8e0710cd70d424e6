"""Addresses many tests visit."""

import re

# The station's list pages, in the order of the main menu.
STATION_LISTS = ["/expeditions/", "/crew/", "/spacewalks/", "/vehicles/", "/modules/"]


def whole_sitemap(client):
    """The text of every page the sitemap index (/sitemap.xml) lists, one after another."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    pages = re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index.content.decode())
    return "".join(client.get(page.replace("&amp;", "&")).content.decode() for page in pages)
