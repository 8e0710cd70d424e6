"""The public filter forms, rendered in Python.

Django renders a form field through five or more templates (field, label, errors,
widget, attributes, and one more per <option>); on a list page that cost more than
the list itself. ``FilterFormRenderer`` writes the same markup directly for the
fields the filters use (text and date inputs, selects) and hands anything else to
Django's templates. tests/issportal/test_forms.py holds it to Django's output.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs(attrs):
    # django/forms/widgets/attrs.html: False drops an attribute, True writes its bare name.
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _input(context):
    widget = context["widget"]
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        format_html(' value="{}"', value) if value is not None else "",
        _attrs(widget["attrs"]),
    )


def _option(option):
    return format_html(
        '<option value="{}"{}>{}</option>',
        option["value"],
        _attrs(option["attrs"]),
        option["label"],
    )


def _select(context):
    widget = context["widget"]
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        rendered = format_html_join("", "{}", ((_option(option),) for option in options))
        if group_name:
            rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
        groups.append(rendered)
    return format_html(
        '<select name="{}"{}>{}</select>',
        widget["name"],
        _attrs(widget["attrs"]),
        mark_safe("".join(groups)),  # noqa: S308 - each part was built by format_html
    )


def _label(context):
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    return format_html(
        "<{}{}>{}</{}>", context["tag"], _attrs(context["attrs"]), context["label"], context["tag"]
    )


def _error_list(context):
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    return format_html(
        '<ul class="{}"{}>{}</ul>',
        context["error_class"],
        format_html(' id="{}_error"', field_id) if field_id else "",
        format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
    )


class FilterFormRenderer(DjangoTemplates):
    fast = {
        "django/forms/widgets/input.html": _input,
        "django/forms/widgets/text.html": _input,
        "django/forms/widgets/date.html": _input,
        "django/forms/widgets/number.html": _input,
        "django/forms/widgets/search.html": _input,
        "django/forms/widgets/select.html": _select,
        "django/forms/label.html": _label,
        "django/forms/errors/list/ul.html": _error_list,
    }

    def render(self, template_name, context, request=None):
        if template_name == self.field_template_name and not context["field"].use_fieldset:
            return self._field(context["field"])
        fast = self.fast.get(template_name)
        if fast is not None:
            return fast(context)
        return super().render(template_name, context, request)

    @staticmethod
    def _field(field):
        # django/forms/field.html, for fields without a fieldset.
        help_text = ""
        if field.help_text:
            help_text = format_html(
                '<div class="helptext"{}>{}</div>',
                format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
                mark_safe(field.help_text),  # noqa: S308 - help text is written by us (|safe in Django's template)
            )
        return format_html(
            "{}{}{}{}",
            field.label_tag() if field.label else "",
            help_text,
            field.errors,
            field,
        )


filter_form_renderer = FilterFormRenderer()


class FilterForm(forms.Form):
    """Base form of every public filter."""

    default_renderer = filter_form_renderer
