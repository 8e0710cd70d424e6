"""History (issue 16 §2): every admin save keeps a revision; staff compare and restore them.

A restore is itself a new revision, and an Editor's restore of live content waits for a
Publisher like any other change.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from issportal.moderation import PendingChange
from news.models import Article
from stations.models import Agency, Question
from tests.factories import AgencyFactory, UserFactory

from .helpers import (
    article_form,
    article_url,
    gallery_form,
    gallery_url,
    login,
    public_html,
    public_titles,
    review_url,
)

pytestmark = pytest.mark.django_db


def admin_url(obj, name, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[obj.pk, *args])


def versions_of(obj):
    return list(Version.objects.get_for_object(obj).select_related("revision__user").order_by("pk"))


def test_each_save_keeps_a_revision_with_who_when_and_what(publisher, live_article):
    maria = login(publisher)
    maria.post(article_url(live_article), article_form(live_article, body="Docked at Poisk."))
    maria.post(article_url(live_article), article_form(live_article, title="Soyuz MS-25 docks"))
    first, second = versions_of(live_article)
    assert first.field_dict["body"] == "Docked at Poisk."
    assert second.field_dict["title"] == "Soyuz MS-25 docks"
    assert second.revision.user == publisher
    assert second.revision.get_comment() == "Changed Title."

    html = maria.get(admin_url(live_article, "history")).content.decode()
    assert "Maria Publisher" in html and "Changed Title." in html and "Changed Body." in html
    assert html.count('type="radio" name="old"') == 2


def test_the_comparison_shows_the_changed_fields_old_and_new_text(publisher, live_article):
    maria = login(publisher)
    maria.post(article_url(live_article), article_form(live_article, body="Docked at Poisk."))
    maria.post(
        article_url(live_article),
        article_form(live_article, body="Docked at Rassvet, on time.", tags="Soyuz"),
    )
    first, second = versions_of(live_article)
    response = maria.get(
        admin_url(live_article, "compare"), {"old": second.pk, "new": first.pk}
    )  # either order: older first
    html = response.content.decode()
    assert '<th scope="row">Body</th>' in html and '<th scope="row">Tags</th>' in html
    assert '<td class="diff-old">Docked at Poisk.</td>' in html
    assert '<td class="diff-new">Docked at Rassvet, on time.</td>' in html
    assert "<del>Poisk.</del>" in html and "<ins>Rassvet, on time.</ins>" in html
    assert "Title" not in html.split("<tbody>")[1]  # unchanged fields are left out
    bad = maria.get(admin_url(live_article, "compare"), {"old": "x", "new": first.pk})
    assert bad.status_code == 302
    # A revision of another record is not one of this record's.
    other = Article.objects.create(title="Other", slug="other", summary="S.", body="B.")
    maria.post(article_url(other), article_form(other, byline="Staff"))
    (foreign,) = versions_of(other)
    mixed = maria.get(admin_url(live_article, "compare"), {"old": foreign.pk, "new": first.pk})
    assert mixed.status_code == 302


def test_restoring_brings_the_old_text_back_as_a_new_revision(publisher, live_article):
    maria = login(publisher)
    maria.post(article_url(live_article), article_form(live_article, body="Version one."))
    maria.post(article_url(live_article), article_form(live_article, body="Version two."))
    first, _ = versions_of(live_article)
    url = admin_url(live_article, "revision", first.pk)
    form_page = maria.get(url).content.decode()
    assert "Version one." in form_page and "Save it to restore it" in form_page
    live_article.refresh_from_db()
    assert live_article.body == "Version two."  # looking changed nothing
    live_version = live_article.version
    assert f'name="loaded_version" value="{live_version}"' in form_page

    response = maria.post(url, article_form(live_article, body="Version one."))
    assert response.status_code == 302
    live_article.refresh_from_db()
    assert live_article.body == "Version one."
    assert live_article.version == live_version + 1  # the edit check's number only goes up
    assert "Version one." in public_html(live_article.get_absolute_url())
    restored = versions_of(live_article)[-1]
    assert len(versions_of(live_article)) == 3
    assert restored.revision.get_comment().startswith("Reverted to previous version")
    assert restored.field_dict["body"] == "Version one."


def test_an_editors_restore_of_live_content_waits_for_a_publisher(editor, publisher, live_article):
    maria = login(publisher)
    maria.post(article_url(live_article), article_form(live_article, body="Version one."))
    maria.post(article_url(live_article), article_form(live_article, body="Version two."))
    first, _ = versions_of(live_article)
    url = admin_url(live_article, "revision", first.pk)
    response = login(editor).post(url, article_form(live_article, body="Version one."), follow=True)
    assert any(
        str(m).startswith("Sent for approval: restoring the revision saved")
        for m in response.context["messages"]
    )
    live_article.refresh_from_db()
    assert live_article.body == "Version two."
    assert "Version two." in public_html(live_article.get_absolute_url())
    assert len(versions_of(live_article)) == 2  # nothing changed, so no revision
    change = PendingChange.objects.get()
    assert change.data["fields"]["body"] == "Version one." and change.created_by == editor

    maria.post(review_url(change, "approve"))
    live_article.refresh_from_db()
    assert live_article.body == "Version one."
    approved = versions_of(live_article)[-1]
    assert approved.revision.user == editor
    assert approved.revision.get_comment().startswith("Approved by Maria Publisher")


def test_an_editor_cannot_unpublish_by_restoring_a_draft_revision(editor, publisher):
    article = Article.objects.create(
        title="Draft first", slug="draft-first", summary="S.", body="B.", byline="Staff"
    )
    maria = login(publisher)
    maria.post(article_url(article), article_form(article, body="Draft text."))
    maria.post(
        article_url(article),
        article_form(article, status="published", body="Live text."),
    )
    draft_version = versions_of(article)[0]
    assert draft_version.field_dict["status"] == "draft"
    url = admin_url(article, "revision", draft_version.pk)
    login(editor).post(url, {**article_form(article, body="Draft text."), "status": "draft"})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.body == "Live text."
    change = PendingChange.objects.get()
    assert change.data["fields"]["status"] == "draft"  # a Publisher decides


def test_a_gallery_revision_keeps_its_images_and_order(publisher, live_gallery):
    a, b, c = live_gallery.items.order_by("position")
    maria = login(publisher)
    same = [(a, a.image, 1, "", False), (b, b.image, 2, "", False), (c, c.image, 3, "", False)]
    maria.post(gallery_url(live_gallery), gallery_form(live_gallery, same))
    turned = [(c, c.image, 1, "", False), (a, a.image, 2, "", False), (b, b.image, 3, "", True)]
    maria.post(gallery_url(live_gallery), gallery_form(live_gallery, turned))
    assert public_titles(live_gallery) == ["Drawing C", "Drawing A"]
    first, second = versions_of(live_gallery)
    html = maria.get(
        admin_url(live_gallery, "compare"), {"old": first.pk, "new": second.pk}
    ).content.decode()
    assert "Images in gallery" in html
    assert "<del>2. Drawing B</del>" in html and "<ins>1. Drawing C</ins>" in html

    url = admin_url(live_gallery, "revision", first.pk)
    assert "Drawing B" in maria.get(url).content.decode()
    restored = maria.post(url, gallery_form(live_gallery, same))
    assert restored.status_code == 302
    assert public_titles(live_gallery) == ["Drawing A", "Drawing B", "Drawing C"]
    assert len(versions_of(live_gallery)) == 3


def test_list_actions_keep_a_revision(publisher):
    draft = Article.objects.create(
        title="To publish", slug="to-publish", summary="S.", body="B.", byline="Staff"
    )
    login(publisher).post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    (version,) = versions_of(draft)
    assert version.field_dict["status"] == "published"
    assert version.revision.get_comment() == "Published." and version.revision.user == publisher


def test_faq_and_station_records_keep_revisions(data_editor):
    dana = login(data_editor)
    # Not published: a data editor's change to a published question waits instead.
    question = Question.objects.create(
        question="Why?", slug="why", answer="Because.", published=False
    )
    url = admin_url(question, "change")
    data = {
        "question": "Why?",
        "slug": "why",
        "answer": "Because it orbits.",
        "position": "0",
        "loaded_version": "1",
    }
    assert dana.post(url, data).status_code == 302
    (version,) = versions_of(question)
    assert version.field_dict["answer"] == "Because it orbits."
    assert version.revision.user == data_editor

    agency = AgencyFactory(name="Roscosmos")
    history = dana.get(admin_url(agency, "history"))
    assert history.status_code == 200 and "No revisions yet" in history.content.decode()
    assert Version.objects.get_for_model(Agency).count() == 0


def test_staff_without_the_right_to_see_a_record_do_not_see_its_history(live_article):
    nobody = login(UserFactory(username="nobody"))
    assert nobody.get(admin_url(live_article, "history")).status_code == 403
    assert nobody.get(admin_url(live_article, "compare"), {"old": 1, "new": 2}).status_code == 403
