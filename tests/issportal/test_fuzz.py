"""No 500 from any input: every public page's GET parameters, fed odd and hostile values.

The parameters are read off the pages themselves (every field of every GET form, plus
``page``), so a new filter is covered without touching this file. Random values come from
a fixed seed and the number of requests is bounded, so a failure can be replayed.
"""

import random
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

from tests.factories import AstronautFactory
from tests.factories import ExpeditionFactory
from tests.factories import ExpeditionMemberFactory
from tests.factories import ModuleFactory
from tests.factories import SpacewalkFactory
from tests.factories import VisitFactory
from tests.media_gallery.factories import gallery_with_images
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEED = 20261129
# Per page and parameter: these values always, a sample of the rest, and random strings.
ALWAYS = ["²", "¹⁰", "\x00", "x" * 10_000, "9" * 5000]
SAMPLED_PER_PARAMETER = 5
RANDOM_VALUES_PER_PARAMETER = 2
CRAFTED = [
    "",
    " ",
    "0",
    "-1",
    "2",
    "²",
    "³",
    "¹⁰",
    "٣",  # an Arabic-Indic three: int() reads it
    "1e309",
    "NaN",
    "inf",
    "99999999999999999999999999",
    "9" * 5000,  # past int()'s limit on digits
    "2001-02-30",
    "2001-13-01",
    "0000-00-00",
    "31/12/2000",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "%%",
    "\\",
    "../../etc/passwd",
    "ﬁ",  # noqa: RUF001 - a ligature that changes length when normalised
    "🛰️",
]
ALPHABET = "0123456789-/.:+ abcxyzÅßø²³¹⁰٣\x00\t\n%&=?#'\"<>"


class GetFormFields(HTMLParser):
    """The names of the fields of every GET form on a page."""

    def __init__(self):
        super().__init__()
        self.names, self._in_get_form = set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in {"input", "select", "textarea"} and self._in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


@pytest.fixture
def public_pages():
    expedition = ExpeditionFactory(number=22)
    person = AstronautFactory(name="Peggy Whitson", slug="peggy-whitson")
    ExpeditionMemberFactory(expedition=expedition, astronaut=person)
    spacewalk = SpacewalkFactory(expedition=expedition)
    visit = VisitFactory()
    ModuleFactory()
    article = ArticleFactory(tags=["assembly"])
    gallery = gallery_with_images(2)
    image = gallery.items.first().image
    return [
        "/",
        "/expeditions/",
        expedition.get_absolute_url(),
        "/crew/",
        person.get_absolute_url(),
        "/spacewalks/",
        spacewalk.get_absolute_url(),
        "/vehicles/",
        visit.get_absolute_url(),
        "/modules/",
        "/aboard/",
        "/facts/",
        "/data-sources/",
        "/news/",
        "/blog/",
        article.get_absolute_url(),
        "/news/tags/assembly/",
        "/news/feed/",
        "/news/feed/atom/",
        "/gallery/",
        gallery.get_absolute_url(),
        f"{gallery.get_absolute_url()}{image.pk}/",
        "/search/",
        "/sitemap.xml",
    ]


def parameters_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    fields = GetFormFields()
    if response["Content-Type"].startswith("text/html"):
        fields.feed(response.content.decode())
    return sorted(fields.names | {"page", "q", "on"})


def test_no_parameter_value_makes_any_public_page_fail(client, public_pages):
    client.raise_request_exception = False  # collect every failure, not just the first
    rng = random.Random(SEED)
    failures, requests = [], 0
    for url in public_pages:
        names = parameters_of(client, url)
        for name in names:
            values = ALWAYS + rng.sample(CRAFTED, SAMPLED_PER_PARAMETER)
            values += [
                "".join(rng.choices(ALPHABET, k=rng.randint(1, 40)))
                for _ in range(RANDOM_VALUES_PER_PARAMETER)
            ]
            for value in values:
                query = urlencode({name: value})
                requests += 1
                if (status := client.get(f"{url}?{query}").status_code) >= 500:
                    failures.append(f"{status} {url}?{query[:120]}")
        # Every parameter at once, each repeated with two values.
        repeated = [(name, rng.choice(CRAFTED)) for name in names for _ in range(2)]
        requests += 1
        if (status := client.get(f"{url}?{urlencode(repeated)}").status_code) >= 500:
            failures.append(f"{status} {url} with every parameter twice")
    assert not failures, "\n".join(failures)
    assert requests > 1000, requests  # the pages were read and their fields found
