"""What each app adds to the site, told by the app itself from its ``AppConfig.ready()``.

The shared base (the page cache, the search, the sitemap) reads it here, so it names no
app: adding an app touches that app, INSTALLED_APPS and the root URLconf's include of its
pages, nothing in the base. Apps register in the order of INSTALLED_APPS; that order is
the order of search kinds and sitemap sections.

Two contributions are declared elsewhere, where their owner reads them: the roles' model
permissions (``role_permissions`` on the AppConfig, read by ``issportal.roles`` inside
migrations) and the time the next scheduled item goes live (``cache.register_schedule``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module

from django.contrib.sitemaps import Sitemap
from django.core.exceptions import ImproperlyConfigured

from .search import SearchKind


@dataclass(frozen=True)
class Contribution:
    # Its models are shown on public pages: a save or delete moves the page cache on.
    # A model saved in batches that move the page cache on once when done (renditions) says
    # ``shown_on_pages = False``.
    content: bool = False
    search_kinds: tuple[SearchKind, ...] = ()
    sitemaps: Mapping[str, Sitemap | type[Sitemap]] = field(default_factory=dict)


_contributions: dict[str, Contribution] = {}
# Read on every save of every model: kept ready rather than rebuilt each time.
_content_apps: frozenset[str] = frozenset()
# The sitemap view is given this dict once, when the URLconf loads; it is kept up to date.
_sitemaps: dict[str, Sitemap | type[Sitemap]] = {}


def register(
    app_label: str,
    *,
    content: bool = False,
    search_kinds: Iterable[SearchKind] = (),
    sitemaps: Mapping[str, Sitemap | type[Sitemap]] | None = None,
) -> None:
    """Record what the app ``app_label`` adds to the site.

    Registering again replaces the app's entry: Django runs ``ready()`` again when a
    test swaps INSTALLED_APPS.
    """
    global _content_apps
    contribution = Contribution(content, tuple(search_kinds), dict(sitemaps or {}))
    _refuse_clashes(app_label, contribution)
    _contributions[app_label] = contribution
    _content_apps = frozenset(label for label, c in _contributions.items() if c.content)
    _sitemaps.clear()
    for registered in _contributions.values():
        _sitemaps.update(registered.sitemaps)


def register_content_app(app_config) -> None:
    """Register an app whose models are shown on public pages, with the search kinds and
    sitemap sections its own modules declare: ``search.KINDS`` and ``sitemaps.SITEMAPS``."""
    search = import_module(f"{app_config.name}.search")
    sitemaps = import_module(f"{app_config.name}.sitemaps")
    register(app_config.label, content=True, search_kinds=search.KINDS, sitemaps=sitemaps.SITEMAPS)


def _refuse_clashes(app_label, contribution):
    # Search results are told apart by kind key, sitemap sections by name: one must not
    # silently hide another.
    for label, other in _contributions.items():
        if label == app_label:
            continue
        for what, mine, theirs in (
            ("search kind", _keys(contribution), _keys(other)),
            ("sitemap section", set(contribution.sitemaps), set(other.sitemaps)),
        ):
            if clash := mine & theirs:
                raise ImproperlyConfigured(
                    f"{app_label!r} registers the {what} {', '.join(sorted(clash))!r}, "
                    f"which {label!r} registered first."
                )


def _keys(contribution):
    return {kind.key for kind in contribution.search_kinds}


def content_apps() -> frozenset[str]:
    """Labels of the apps whose models are shown on public pages."""
    return _content_apps


def search_kinds() -> list[SearchKind]:
    """Every app's search kinds, apps in INSTALLED_APPS order."""
    return [kind for c in _contributions.values() for kind in c.search_kinds]


def sitemaps() -> dict[str, Sitemap | type[Sitemap]]:
    """The sitemap sections of every app, by name, for ``django.contrib.sitemaps``."""
    return _sitemaps
