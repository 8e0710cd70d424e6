"""The FAQ's computed figures: named placeholders an answer may use, e.g. ``{people_visited}``.

Staff write "{people_visited} people have been aboard"; the page fills in the number
from the records when it is shown, so no answer carries a number typed in that the
next crew change makes wrong. Only the figures an answer names are computed; each
group of figures is one query.
"""

import re

from django.db.models import Exists, OuterRef

from issportal import markdown
from issportal.moderation import show_proposed
from issportal.templatetags.site import _human_date

from . import stats
from .models import Agency, Astronaut, Question, Stay, records_as_of

PLACEHOLDER = re.compile(r"\{([a-z][a-z_]*)\}")


def _headline(as_of):
    figures = stats.headline_figures(as_of)
    return {
        "people_visited": figures["people_visited"],
        "spacewalks": figures["spacewalks"],
        "eva_hours": figures["eva_hours"],
        "expeditions": figures["expeditions"],
        "vehicle_visits": figures["visits"],
        "years_in_orbit": figures["years_in_orbit"],
        "years_crewed": figures["years_crewed"],
        "first_launch": figures["first_launch"],
        "first_expedition_start": figures["first_expedition_start"],
    }


def _countries(as_of):
    visited = Astronaut.objects.filter(Exists(Stay.objects.filter(astronaut=OuterRef("pk"))))
    return {"countries": visited.exclude(nationality="").values("nationality").distinct().count()}


def _agencies(as_of):
    return {"agencies": Agency.objects.count()}


# Each figure, what it means (shown to staff in the admin), and the group computing it.
FIGURES = {
    "people_visited": ("people who have been aboard the station", _headline),
    "countries": ("countries those people came from", _countries),
    "agencies": ("agencies and companies in our records", _agencies),
    "spacewalks": ("spacewalks", _headline),
    "eva_hours": ("hours spent spacewalking, in total", _headline),
    "expeditions": ("expeditions", _headline),
    "vehicle_visits": ("visits by visiting vehicles", _headline),
    "years_in_orbit": ("whole years since the first element was launched", _headline),
    "years_crewed": ("whole years of people living aboard", _headline),
    "first_launch": ("the day the first element was launched", _headline),
    "first_expedition_start": ("the day the first expedition began", _headline),
    "as_of": ("the day of our newest record", None),
}


def unknown_placeholders(text):
    return sorted({name for name in PLACEHOLDER.findall(text or "") if name not in FIGURES})


def figures_for(texts, as_of=None):
    """The values of the figures ``texts`` name, as text for people."""
    as_of = as_of or records_as_of()
    names = {name for text in texts for name in PLACEHOLDER.findall(text) if name in FIGURES}
    values = {"as_of": as_of}
    for group in {FIGURES[name][1] for name in names} - {None}:
        values.update(group(as_of))
    return {name: _as_text(values.get(name)) for name in names}


def _as_text(value):
    if value is None:
        return "not known"
    if hasattr(value, "isoformat"):
        return _human_date(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def fill(text, values):
    """``text`` with each known placeholder replaced by its value."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def published_questions(as_of=None, *, proposed=None):
    """The public questions in order, each with ``answer_html`` filled in and rendered.

    ``proposed``, a change to a question waiting for approval, is shown in its place (a
    staff preview).
    """
    questions = list(Question.objects.filter(published=True).order_by("position", "pk"))
    if proposed is not None:
        questions = [q for q in questions if q.pk != proposed.object_id]
        changed = Question.objects.filter(pk=proposed.object_id).first()
        if changed is not None and show_proposed(changed, proposed.data).published:
            questions = sorted([*questions, changed], key=lambda q: (q.position, q.pk))
    values = figures_for([q.answer for q in questions], as_of)
    for question in questions:
        answer = fill(question.answer, values)
        question.answer_html = markdown.render_cached(answer, markdown.content_key(answer))
    return questions


def placeholder_help():
    return "; ".join(f"{{{name}}}: {meaning}" for name, (meaning, _group) in FIGURES.items())
