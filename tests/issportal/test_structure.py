"""Which way imports go (docs/architecture.md): a new import against the grain fails here.

Every module's source is read with ``ast``, imports inside functions included, and so are
``import_module("...")`` calls: a dependency hidden in a function is still a dependency.
"""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from issportal import registry

ROOT = Path(__file__).resolve().parents[2]
APPS = ("stations", "news", "media_gallery", "demo")
# The project's top: it may import every app, and nothing but itself imports it. The rest
# of issportal/ is the shared base.
PROJECT_TOP = (
    "issportal/settings/",
    "issportal/urls.py",
    "issportal/wsgi.py",
    "issportal/asgi.py",
    "issportal/home.py",  # the home page composes the apps
    # The initial content of every app, loaded and linked together.
    "issportal/management/commands/load_initial_data.py",
    "issportal/management/commands/link_initial_images.py",
)
PROJECT_TOP_MODULES = (
    "issportal.settings",
    "issportal.urls",
    "issportal.wsgi",
    "issportal.asgi",
    "issportal.home",
    "issportal.management.commands.load_initial_data",
    "issportal.management.commands.link_initial_images",
)


# To go when #20 §2 lands (branch "decouple": a news-owned {% related_articles %} tag).
def imports_in(source, module):
    """(line, dotted name) of what ``source``, the code of ``module``, imports."""
    package = module if module.endswith(".__init__") else module.rpartition(".")[0]
    package = package.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            # What is imported, whether a module or a name in one: "issportal.registry".
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def _modules():
    for top in ("issportal", *APPS):
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            module = relative.removesuffix(".py").replace("/", ".")
            yield relative, module, path.read_text()


MODULES = list(_modules())


def _is_project_top(relative):
    return relative.startswith(PROJECT_TOP)


def _in(name, packages):
    return any(name == p or name.startswith(f"{p}.") for p in packages)


def edges(importers, imported):
    """(file, line, module) for each import by a file ``importers`` accepts of ``imported``."""
    return [
        (relative, line, name)
        for relative, module, source in MODULES
        if importers(relative)
        for line, name in imports_in(source, module)
        if _in(name, imported)
    ]


def in_package(*packages):
    return lambda relative: relative.split("/", 1)[0] in packages


def in_shared_base(relative):
    return relative.startswith("issportal/") and not _is_project_top(relative)


RULES = [
    pytest.param(in_shared_base, APPS, id="the shared base imports no app"),
    pytest.param(in_package("stations"), ("news",), id="stations imports nothing from news"),
    pytest.param(
        in_package("media_gallery"),
        ("stations", "news"),
        id="media_gallery imports nothing from stations or news",
    ),
    pytest.param(
        lambda relative: not _is_project_top(relative),
        PROJECT_TOP_MODULES,
        id="nothing imports the project top",
    ),
]


@pytest.mark.parametrize(("importers", "imported"), RULES)
def test_imports_go_one_way(importers, imported):
    against = [
        f"{relative}:{line} imports {name}" for relative, line, name in edges(importers, imported)
    ]
    assert against == []


def test_the_walk_sees_every_kind_of_import():
    source = """
import news.models
from stations import stats
from . import views
from ..cache import per_generation

def home():
    from media_gallery.models import Image
    return importlib.import_module("demo.illustrations")
"""
    found = sorted(name for _, name in imports_in(source, "issportal.management.page"))
    assert found == [
        "demo.illustrations",
        "issportal.cache.per_generation",
        "issportal.management.views",
        "media_gallery.models.Image",
        "news.models",
        "stations.stats",
    ]


def test_the_walk_reads_the_real_tree():
    # The apps reach the base from ready(), inside a function: the walk must see it.
    registering = edges(in_package("stations"), ("issportal.registry",))
    assert [(relative, name) for relative, _, name in registering] == [
        ("stations/apps.py", "issportal.registry")
    ]


def test_the_apps_register_what_they_add():
    assert registry.content_apps() == {"stations", "news", "media_gallery"}
    assert [kind.key for kind in registry.search_kinds()] == [
        "expedition",
        "astronaut",
        "spacewalk",
        "visit",
        "module",
        "article",
        "gallery",
    ]
    assert list(registry.sitemaps())[:2] == ["sections", "records"]
    assert {"news", "articles", "galleries"} <= set(registry.sitemaps())


def test_a_clashing_registration_is_refused_and_changes_nothing():
    before = (registry.content_apps(), registry.search_kinds(), dict(registry.sitemaps()))
    with pytest.raises(ImproperlyConfigured, match="'news' registered first"):
        registry.register("extra", content=True, sitemaps={"articles": object})
    assert (registry.content_apps(), registry.search_kinds(), dict(registry.sitemaps())) == before
