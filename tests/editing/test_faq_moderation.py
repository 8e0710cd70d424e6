"""The FAQ is live content too (issue 16 §1): Editors and data editors write it, and their
changes to a published question wait for a Publisher, on every path (the form, the list,
delete, restore). Only Publishers publish or withdraw a question.
"""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from issportal.moderation import PendingChange
from stations.models import Question

from .helpers import login, messages_of, public_html, question_form, question_url, review_url

pytestmark = pytest.mark.django_db

FAQ = "/faq/"
CHANGELIST = reverse("admin:stations_question_changelist")


@pytest.fixture
def question():
    return Question.objects.create(
        question="How fast does it fly?",
        slug="how-fast",
        answer="About 28,000 km/h.",
        position=10,
        published=True,
    )


@pytest.fixture(params=["editor", "data_editor"])
def writer(request):
    return request.getfixturevalue(request.param)


def test_a_writers_change_to_a_published_question_waits_for_a_publisher(
    writer, publisher, question
):
    data = question_form(question, answer="About 7.66 km each second.")
    response = login(writer).post(question_url(question), data, follow=True)

    assert messages_of(response)[-1].startswith("Sent for approval")
    question.refresh_from_db()
    assert question.answer == "About 28,000 km/h."
    assert "About 28,000 km/h." in public_html(FAQ)
    assert "7.66 km" not in public_html(FAQ)
    change = PendingChange.objects.waiting().get()
    assert change.created_by == writer

    response = login(publisher).post(review_url(change, "approve"), follow=True)
    assert response.status_code == 200
    assert "About 7.66 km each second." in public_html(FAQ)


def test_a_publishers_change_is_live_at_once(publisher, question):
    data = question_form(question, answer="About 7.66 km each second.")
    response = login(publisher).post(question_url(question), data, follow=True)
    assert messages_of(response)[-1].endswith("Published: it is on the FAQ page now.")
    assert "About 7.66 km each second." in public_html(FAQ)
    assert not PendingChange.objects.exists()


def test_a_writers_change_to_an_unpublished_question_is_saved_at_once(writer, question):
    question.published = False
    question.save()
    data = question_form(question, answer="Draft: about 7.66 km each second.")
    response = login(writer).post(question_url(question), data, follow=True)
    assert messages_of(response)[-1].endswith("Not published: the public does not see it.")
    question.refresh_from_db()
    assert question.answer == "Draft: about 7.66 km each second."
    assert not PendingChange.objects.exists()


def test_only_a_publisher_publishes_or_withdraws_a_question(writer, publisher, question):
    draft = Question.objects.create(
        question="Can I see it?", slug="see-it", answer="Yes.", published=False
    )
    writer_client = login(writer)
    writer_client.post(question_url(draft), question_form(draft, published="on"))
    # Withdrawing: the box left unticked. The change waits, and keeps the question published.
    withdraw = question_form(question)
    del withdraw["published"]
    writer_client.post(question_url(question), withdraw)
    draft.refresh_from_db()
    question.refresh_from_db()
    assert not draft.published and question.published
    assert all(c.data["fields"]["published"] for c in PendingChange.objects.all())
    page = writer_client.get(question_url(draft)).content.decode()
    assert "Only Publishers publish or withdraw a question." in page

    login(publisher).post(question_url(draft), question_form(draft, published="on"))
    draft.refresh_from_db()
    assert draft.published
    assert "Can I see it?" in public_html(FAQ)


def test_only_a_publisher_deletes_a_question(writer, publisher, question):
    delete_url = reverse("admin:stations_question_delete", args=[question.pk])
    assert login(writer).post(delete_url, {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()
    login(publisher).post(delete_url, {"post": "yes"})
    assert not Question.objects.filter(pk=question.pk).exists()


def test_only_a_publisher_edits_in_the_list(writer, publisher, question):
    listing = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(question.pk),
        "form-0-position": "99",
        "_save": "Save",
    }
    writer_client = login(writer)
    assert 'name="form-0-position"' not in writer_client.get(CHANGELIST).content.decode()
    writer_client.post(CHANGELIST, {**listing, "form-0-published": ""})
    question.refresh_from_db()
    assert question.position == 10 and question.published
    assert not PendingChange.objects.exists()

    maria = login(publisher)
    assert 'name="form-0-position"' in maria.get(CHANGELIST).content.decode()
    maria.post(CHANGELIST, {**listing, "form-0-published": "on"})
    question.refresh_from_db()
    assert question.position == 99


def test_the_waiting_change_is_previewed_in_its_place_for_staff_only(editor, publisher, question):
    Question.objects.create(question="Who built it?", slug="who", answer="Five agencies.")
    data = question_form(question, answer="About 7.66 km each second.", position="0")
    login(editor).post(question_url(question), data)
    change = PendingChange.objects.waiting().get()

    review = login(publisher).get(review_url(change)).content.decode()
    preview = f"{FAQ}?pending={change.pk}#how-fast"
    assert f'href="{preview}"' in review

    for staff in (editor, publisher):
        client = Client()
        client.force_login(staff)
        response = client.get(preview)
        html = response.content.decode()
        assert "About 7.66 km each second." in html and "28,000" not in html
        # Moved to position 0, it comes first.
        assert html.index("How fast does it fly?") < html.index("Who built it?")
        assert "no-store" in response["Cache-Control"]
    # A visitor who tries the address sees the live page.
    visitor = Client().get(preview).content.decode()
    assert "About 28,000 km/h." in visitor and "7.66" not in visitor


def test_a_writers_restore_of_a_published_question_waits_for_a_publisher(
    writer, publisher, question
):
    maria = login(publisher)
    maria.post(question_url(question), question_form(question, answer="Version one."))
    maria.post(question_url(question), question_form(question, answer="Version two."))
    first = Version.objects.get_for_object(question).order_by("pk").first()
    url = reverse("admin:stations_question_revision", args=[question.pk, first.pk])
    response = login(writer).post(url, question_form(question, answer="Version one."), follow=True)
    said = messages_of(response)
    assert any(m.startswith("Sent for approval: restoring the revision") for m in said)
    question.refresh_from_db()
    assert question.answer == "Version two."
    assert "Version two." in public_html(FAQ)
    assert PendingChange.objects.waiting().get().data["fields"]["answer"] == "Version one."
