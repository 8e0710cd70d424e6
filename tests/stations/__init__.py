"""Tests of the stations app.

``D`` writes the records' dates briefly; ``TODAY`` is the moment the pages are read at (mid-2025,
after every record the tests build), so "current" and "so far" do not move with the clock.
"""

import datetime

D = datetime.date
TODAY = datetime.datetime(2025, 6, 15, 12, tzinfo=datetime.UTC)
