"""The public filter forms, rendered in Python.

Django renders a form field through five or more templates (field, label, errors,
widget, attributes, and one more per <option>). ``FilterFormRenderer`` writes the
same markup directly for the fields the filters use (text and date inputs, selects)
and hands anything else to Django's templates, through the renderer's public
``render()``. With Django's templates instead, uncached list pages take more CPU
(issue #20, docs/benchmarks.md): the expedition list 37-48% (5.5-6 ms), the crew and
news lists 26-30%, the spacewalk list 14-17%. tests/issportal/test_forms.py holds it
to Django's output.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape as escape
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attrs(attrs):
    # django/forms/widgets/attrs.html: False drops an attribute, True writes its bare name.
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(context):
    widget = context["widget"]
    value = widget["value"]
    value_attr = f' value="{escape(value)}"' if value is not None else ""
    return mark_safe(  # noqa: S308 - every value is escaped above
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
        f"{value_attr}{_attrs(widget['attrs'])}>"
    )


def _option(option):
    return (
        f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{escape(option['label'])}</option>"
    )


def _select(context):
    widget = context["widget"]
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        rendered = "".join(_option(option) for option in options)
        if group_name:
            rendered = f'<optgroup label="{escape(group_name)}">{rendered}</optgroup>'
        groups.append(rendered)
    options = "".join(groups)
    return mark_safe(  # noqa: S308 - every value is escaped in _option and here
        f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>{options}</select>'
    )


def _label(context):
    if not context["use_tag"]:
        return escape(context["label"])
    tag = context["tag"]
    return mark_safe(  # noqa: S308 - every value is escaped
        f"<{tag}{_attrs(context['attrs'])}>{escape(context['label'])}</{tag}>"
    )


def _error_list(context):
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_attr = f' id="{escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{escape(error)}</li>" for error in errors)
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<ul class="{escape(context["error_class"])}"{id_attr}>{items}</ul>'
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
