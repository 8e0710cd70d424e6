"""The FAQ: staff-written questions, answers whose figures come from the records."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from issportal.roles import DATA_EDITORS, EDITORS
from stations.initial_faq import QUESTIONS
from stations.models import Question
from tests.commands import run
from tests.factories import AgencyFactory, AstronautFactory, StayFactory, UserFactory
from tests.stations import TODAY


def text(response):
    assert response.status_code == 200
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def ask(question, answer, position=0, published=True, slug=None):
    return Question.objects.create(
        question=question,
        slug=slug or re.sub(r"[^a-z]+", "-", question.lower()).strip("-"),
        answer=answer,
        position=position,
        published=published,
    )


@time_machine.travel(TODAY, tick=False)
def test_published_questions_in_their_order_with_markdown_answers(client):
    ask("Second?", "Read **this**.", position=20)
    ask("First?", "See [the facts](/facts/).", position=10)
    ask("Draft?", "Not yet.", position=5, published=False)
    response = client.get("/faq/")
    page = text(response)
    assert page.index("First?") < page.index("Second?")
    assert "Draft?" not in page
    html = response.content.decode()
    assert "<strong>this</strong>" in html
    assert '<a href="/facts/">the facts</a>' in html
    assert '<h2 id="first">First?</h2>' in html
    assert '<a href="#first">First?</a>' in html


def test_answers_are_sanitised(client):
    ask("Safe?", "<script>alert(1)</script> [x](javascript:alert(1))")
    html = client.get("/faq/").content.decode()
    assert "<script>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


@time_machine.travel(TODAY, tick=False)
def test_figures_in_answers_come_from_the_records_at_render_time(client):
    ask("How many?", "{people_visited} people from {countries} countries, as of {as_of}.")
    nasa = AgencyFactory(abbreviation="NASA", name="NASA")
    StayFactory(astronaut=AstronautFactory(agency=nasa, nationality="US"))
    StayFactory(astronaut=AstronautFactory(agency=nasa, nationality="JP"))
    assert "2 people from 2 countries, as of 21 October 2020." in text(client.get("/faq/"))
    StayFactory(astronaut=AstronautFactory(agency=nasa, nationality="CA"))
    page = text(client.get("/faq/"))
    assert "3 people from 3 countries" in page
    assert "{people_visited}" not in page


def test_an_unknown_figure_is_refused_with_the_names_it_may_use():
    question = Question(question="Q?", slug="q", answer="{people} people and {spacewalks}.")
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "Unknown figure {people}" in str(error.value)


def test_no_questions_says_so(client):
    assert "No questions have been answered here yet." in text(client.get("/faq/"))


def test_the_first_questions_load_once_and_staff_changes_stay():
    assert f"FAQ: {len(QUESTIONS)} questions loaded." in run("load_faq")
    first = Question.objects.get(slug="how-many-people")
    assert "{people_visited}" in first.answer
    first.delete()
    assert "already present" in run("load_faq")
    assert not Question.objects.filter(slug="how-many-people").exists()


@pytest.mark.parametrize("role", [EDITORS, DATA_EDITORS])
def test_editors_and_data_editors_write_the_faq_and_a_publisher_publishes_it(role):
    client = Client()
    client.force_login(UserFactory(roles=[role]))
    response = client.post(
        "/admin/stations/question/add/",
        {
            "question": "Can I see it from home?",
            "slug": "see-it",
            "answer": "Yes, it has been in orbit {years_in_orbit} years.",
            "position": "30",
            "published": "on",  # not theirs to give: the field keeps its value
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]][-1].endswith(
        "Not published: the public does not see it."
    )
    added = Question.objects.get(slug="see-it")
    assert not added.published and added.position == 30
    assert "Can I see it from home?" not in text(Client().get("/faq/"))
    other = ask("Earlier?", "Yes.", position=40)
    listing = client.get("/admin/stations/question/").content.decode()
    assert listing.index("Can I see it from home?") < listing.index("Earlier?")
    assert 'name="form-0-position"' not in listing  # no editing in the list: see below
    assert "{people_visited}" in client.get("/admin/stations/question/add/").content.decode()
    assert other.position == 40


def test_staff_without_a_role_may_not_edit_the_faq():
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/admin/stations/question/add/").status_code == 403


def test_a_conflicting_faq_save_is_refused_keeping_the_text_and_naming_who_and_when():
    # Not published, so that neither save waits for a Publisher.
    question = ask("How fast does it fly?", "About 28,000 km/h.", slug="how-fast", published=False)
    first = UserFactory(username="dana", first_name="Dana", last_name="Data", roles=[DATA_EDITORS])
    second = UserFactory(username="eddie", roles=[EDITORS])
    url = f"/admin/stations/question/{question.pk}/change/"
    dana, eddie = Client(), Client()
    dana.force_login(first)
    eddie.force_login(second)
    for client in (dana, eddie):
        assert 'name="loaded_version" value="1"' in client.get(url).content.decode()

    def form(answer):
        return {
            "question": "How fast does it fly?",
            "slug": "how-fast",
            "answer": answer,
            "position": "0",
            "loaded_version": "1",
        }

    moment = datetime.datetime(2026, 11, 29, 9, 15, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        assert dana.post(url, form("About 7.7 km each second.")).status_code == 302
    with time_machine.travel(moment + datetime.timedelta(minutes=4), tick=False):
        response = eddie.post(url, form("About 28,000 km/h, sixteen orbits a day."))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Dana Data changed this FAQ question at 09:15 UTC after you opened it; your text is "
        "kept below — copy your changes, reload, and apply them again."
    ) in html
    assert "sixteen orbits a day." in html  # the refused text is still in the form
    question.refresh_from_db()
    assert question.answer == "About 7.7 km each second." and question.version == 2
    assert question.updated_by == first


@time_machine.travel(TODAY, tick=False)
def test_kept_answers_follow_a_saved_change(client, settings, django_capture_on_commit_callbacks):
    settings.DERIVED_DATA_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        ask("How many?", "{people_visited} people.")
        StayFactory()
    assert "1 people." in text(client.get("/faq/"))
    # A change nobody committed does not reach the kept answers...
    StayFactory()
    assert "1 people." in text(client.get("/faq/"))
    # ...and a committed one replaces them at once.
    with django_capture_on_commit_callbacks(execute=True):
        StayFactory()
    assert "3 people." in text(client.get("/faq/"))
