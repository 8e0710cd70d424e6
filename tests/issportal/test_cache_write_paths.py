"""The page cache is never stale, whatever path a write takes.

Every admin action of every content model is driven here, with the page cache on, and the
public pages are read right after: a change shows at once, with nothing to wait for.
"""

import datetime

import pytest
from django.contrib import admin
from django.core.management.sql import emit_post_migrate_signal
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from issportal import cache as page_cache
from media_gallery.models import Gallery, Image, ImageTag
from news.models import Article, ArticleTag
from stations.models import Question
from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ModuleFactory,
    SpacecraftTypeFactory,
    SpacewalkFactory,
    StayFactory,
    UserFactory,
    VisitFactory,
)
from tests.media_gallery.factories import ImageFactory, gallery_with_images
from tests.news.factories import ArticleFactory
from tests.pages import whole_sitemap

pytestmark = pytest.mark.django_db
CONTENT_APPS = {"stations", "news", "media_gallery", "taggit"}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.fixture
def visitor():
    return Client()


def cached(visitor, url):
    """Read ``url`` twice as a visitor, so the second answer comes from the cache."""
    visitor.get(url)
    response = visitor.get(url)
    assert response["X-Cache"] == "hit", url
    return response


def run_action(staff, model, action, records, capture, **extra):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with capture(execute=True):
        return staff.post(
            url, {"action": action, "_selected_action": [r.pk for r in records], **extra}
        )


def test_every_admin_action_of_a_content_model_is_tested_here(rf):
    request = rf.get("/admin/")
    request.user = UserFactory(is_superuser=True)
    actions = {
        (model._meta.label_lower, name)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in CONTENT_APPS
        for name in model_admin.get_actions(request)
    }
    tested = {(label, "delete_selected") for label, _ in DELETABLE}
    tested |= {
        (m._meta.label_lower, a) for m, _, _ in PUBLISHABLE for a in ("publish", "unpublish")
    }
    tested |= {(label, "export_csv") for label in EXPORTABLE}
    tested |= {("media_gallery.image", "make_renditions_again")}
    assert actions == tested


PUBLISHABLE = [
    (Article, lambda **kw: ArticleFactory(title="Zarya reaches orbit", **kw), "/news/"),
    (Gallery, lambda **kw: gallery_with_images(1, title="Zarya reaches orbit", **kw), "/gallery/"),
]


@pytest.mark.parametrize(("model", "make", "listing"), PUBLISHABLE, ids=["article", "gallery"])
def test_publish_and_unpublish_show_on_public_pages_at_once(
    staff, visitor, django_capture_on_commit_callbacks, model, make, listing
):
    record = make(status="draft", publish_at=None)
    url = record.get_absolute_url()
    assert visitor.get(url).status_code == 404
    assert "Zarya reaches orbit" not in cached(visitor, listing).content.decode()
    cached(visitor, "/sitemap.xml")

    run_action(staff, model, "publish", [record], django_capture_on_commit_callbacks)
    assert visitor.get(url).status_code == 200
    assert "Zarya reaches orbit" in visitor.get(listing).content.decode()
    assert url in whole_sitemap(visitor)
    assert "Zarya reaches orbit" in visitor.get("/search/", {"q": "zarya"}).content.decode()

    cached(visitor, url)
    cached(visitor, listing)
    run_action(staff, model, "unpublish", [record], django_capture_on_commit_callbacks)
    assert visitor.get(url).status_code == 404
    assert "Zarya reaches orbit" not in visitor.get(listing).content.decode()
    assert url not in whole_sitemap(visitor)
    assert "Zarya reaches orbit" not in visitor.get("/search/", {"q": "zarya"}).content.decode()
    record.refresh_from_db()
    assert record.status == "draft"


DELETABLE = [
    ("stations.agency", lambda: AgencyFactory()),
    ("stations.astronaut", lambda: AstronautFactory()),
    ("stations.datasource", lambda: DataSourceFactory(key="unused", name="Unused source")),
    ("stations.expedition", lambda: ExpeditionFactory()),
    ("stations.module", lambda: ModuleFactory()),
    ("stations.spacecrafttype", lambda: SpacecraftTypeFactory()),
    ("stations.spacewalk", lambda: SpacewalkFactory()),
    ("stations.stay", lambda: StayFactory()),
    ("stations.visit", lambda: VisitFactory()),
    (
        "stations.question",
        lambda: Question.objects.create(question="Is it crewed?", slug="crewed", answer="Yes."),
    ),
    ("media_gallery.image", lambda: ImageFactory()),
    ("media_gallery.gallery", lambda: gallery_with_images(1)),
    ("news.article", lambda: ArticleFactory()),
    ("news.articletag", lambda: ArticleTag.objects.create(name="Assembly", slug="assembly")),
    ("media_gallery.imagetag", lambda: ImageTag.objects.create(name="Truss", slug="truss")),
]


@pytest.mark.parametrize(("label", "make"), DELETABLE, ids=[label for label, _ in DELETABLE])
def test_deleting_from_the_admin_shows_on_public_pages_at_once(
    staff, visitor, django_capture_on_commit_callbacks, label, make
):
    record = make()
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else None
    page, _, anchor = (url or "").partition("#")
    if page:
        assert str(record) in cached(visitor, page).content.decode()
    generation = page_cache.current_generation()
    run_action(
        staff,
        type(record),
        "delete_selected",
        [record],
        django_capture_on_commit_callbacks,
        post="yes",
    )
    assert not type(record).objects.filter(pk=record.pk).exists()
    assert page_cache.current_generation() != generation
    if anchor:  # a record shown on a list page (modules)
        assert str(record) not in visitor.get(page).content.decode()
    elif page:
        assert visitor.get(page).status_code == 404


EXPORTABLE = [
    "stations.agency",
    "stations.astronaut",
    "stations.expedition",
    "stations.module",
    "stations.spacecrafttype",
    "stations.spacewalk",
    "stations.stay",
    "stations.visit",
]


def test_exporting_changes_nothing_and_keeps_the_cache(
    staff, visitor, django_capture_on_commit_callbacks
):
    expedition = ExpeditionFactory()
    cached(visitor, expedition.get_absolute_url())
    generation = page_cache.current_generation()
    from stations.models import Expedition

    response = run_action(
        staff, Expedition, "export_csv", [expedition], django_capture_on_commit_callbacks
    )
    assert response["Content-Type"].startswith("text/csv")
    assert page_cache.current_generation() == generation
    assert visitor.get(expedition.get_absolute_url())["X-Cache"] == "hit"


def test_renditions_made_again_show_on_the_cached_page_at_once(
    staff, visitor, django_capture_on_commit_callbacks
):
    gallery = gallery_with_images(1)
    image = gallery.images.get()
    image.renditions.all().delete()
    image.renditions_status = "failed"
    image.save()
    url = gallery.get_absolute_url()
    assert "<picture>" not in cached(visitor, url).content.decode()  # the original stands in
    generation = page_cache.current_generation()
    # The action enqueues the task after commit; the test settings' backend runs it there.
    run_action(staff, Image, "make_renditions_again", [image], django_capture_on_commit_callbacks)
    assert page_cache.current_generation() != generation
    html = visitor.get(url).content.decode()
    assert "<picture>" in html and image.renditions.get(width=800, format="jpeg").url in html
    image.refresh_from_db()
    assert image.renditions_status == "ready"


def test_a_migration_moves_the_generation():
    """Data migrations may write with update() or SQL; migrate ends with a new generation."""
    generation = page_cache.current_generation()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert page_cache.current_generation() != generation


def test_a_scheduled_gallery_published_by_the_action_appears_when_its_time_comes(
    staff, visitor, django_capture_on_commit_callbacks
):
    soon = timezone.now() + datetime.timedelta(hours=1)
    gallery = gallery_with_images(1, status="draft", publish_at=soon)
    run_action(staff, Gallery, "publish", [gallery], django_capture_on_commit_callbacks)
    assert visitor.get(gallery.get_absolute_url()).status_code == 404
    assert page_cache.next_scheduled_change() == soon
