"""Formatting shared by every page: dates for people, durations, numbers."""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from issportal.links import url_for

register = template.Library()


def _human_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@register.simple_tag
def human_date(value, precise=None):
    """``<time>`` with a date for people: "2 November 2000".

    ``precise`` is an optional UTC datetime for the same moment; when given, the
    time is shown too. A date alone is never dressed up as midnight.
    """
    if value is None and precise is None:
        return ""
    if precise is not None:
        moment = timezone.localtime(precise, datetime.UTC)
        return format_html(
            '<time datetime="{}">{}, {} UTC</time>',
            moment.strftime("%Y-%m-%dT%H:%MZ"),
            _human_date(moment.date()),
            moment.strftime("%H:%M"),
        )
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value, datetime.UTC).date()
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), _human_date(value))


@register.filter
def hours_minutes(duration):
    """A duration as "7 h 21 min"."""
    if duration is None:
        return ""
    minutes = round(duration.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


@register.filter
def hours(duration):
    """A duration as a whole number of hours."""
    if duration is None:
        return 0
    return round(duration.total_seconds() / 3600)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # The nodelist's output is already escaped; keep it marked safe.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}...{% endcapture %}``: render once, reuse as {{ name }}.

    Lets base.html use one title block for <title> and the social metadata.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter(name="url_for")
def url_for_filter(viewname, arg):
    """``{{ "news:tag"|url_for:tag.slug }}``: ``{% url %}`` for one argument, remembered."""
    return url_for(viewname, arg)
