"""Waiting on the page's own state under the site's CSP.

Playwright's ``wait_for_function`` polls by evaluating a string inside the page,
which the site's strict Content Security Policy (no 'unsafe-eval') refuses, so it
fails whenever the condition is not already true at the first look.
"""

import time


def wait_until(page, expression, timeout=10.0):
    """Poll ``expression`` from the test side until it is truthy."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for: {expression}"
        page.wait_for_timeout(50)
