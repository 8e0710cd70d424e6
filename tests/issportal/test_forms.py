"""The Python filter-form renderer writes what Django's form templates write."""

import re

import pytest
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory

from issportal.forms import FilterFormRenderer
from news.filters import ArticleFilter
from news.models import Article
from stations.filters import AboardForm
from stations.filters import AstronautFilter
from stations.filters import ExpeditionFilter
from stations.filters import SpacewalkFilter
from stations.models import Astronaut
from stations.models import Expedition
from stations.models import Spacewalk
from tests.factories import AgencyFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def normalised(html):
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def both_renderings(form):
    """The form's fields rendered by its own renderer, and by Django's templates."""
    django_form = type(form)(form.data, renderer=DjangoTemplates())
    django_form.fields = form.fields
    django_form.is_valid()
    assert not isinstance(django_form.renderer, FilterFormRenderer)
    fast = "".join(form[name].as_field_group() for name in form.fields)
    slow = "".join(django_form[name].as_field_group() for name in form.fields)
    return normalised(fast), normalised(slow)


@pytest.mark.parametrize(
    ("filterset_class", "model", "query"),
    [
        (ExpeditionFilter, Expedition, ""),
        (ExpeditionFilter, Expedition, "on=2010-02-31&agency=NOPE&o=-start&crew=<b>x</b>"),
        (ExpeditionFilter, Expedition, "active_after=2010-01-02&active_before=2010-01-01"),
        (AstronautFilter, Astronaut, "agency=NASA&name=Kelly"),
        (SpacewalkFilter, Spacewalk, "after=2000-01-01&before=1999-01-01"),
        (ArticleFilter, Article, "kind=blog&tag=science&month=2024-13"),
        (ArticleFilter, Article, 'kind="><script>&month=2024-02'),
    ],
)
def test_filter_forms_render_like_django_templates(filterset_class, model, query):
    AgencyFactory(abbreviation="NASA")
    ArticleFactory(tags=["Science"])
    request = RequestFactory().get(f"/?{query}")
    form = filterset_class(request.GET, queryset=model.objects.all(), request=request).form
    assert isinstance(form.renderer, FilterFormRenderer)
    form.is_valid()
    fast, slow = both_renderings(form)
    assert fast == slow
    assert "<script>" not in fast


def test_a_date_form_with_an_error_renders_like_django_templates():
    form = AboardForm({"on": "2001-02-30"})
    assert not form.is_valid()
    fast, slow = both_renderings(form)
    assert 'aria-invalid="true"' in fast
    assert fast == slow
