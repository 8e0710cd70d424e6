"""Addresses many tests visit."""

# The station's list pages, in the order of the main menu.
STATION_LISTS = ["/expeditions/", "/crew/", "/spacewalks/", "/vehicles/", "/modules/"]
