"""No lost edits: every staff-edited record carries a version, and a stale save is refused.

``VersionedModel`` raises ``version`` on every save. ``VersionCheckFormMixin`` puts the
version the form was opened on in a hidden field and, on save, compares it with the row
(locked until the admin's transaction ends, so two saves cannot both pass). A refused
save keeps the submitted text in the form and says who saved first, and when.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db import transaction
from django.utils import timezone


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every save; detects edit conflicts."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)


def describe_user(user):
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def describe_moment(moment, now=None):
    moment = timezone.localtime(moment, datetime.UTC)
    now = timezone.localtime(now or timezone.now(), datetime.UTC)
    clock = f"{moment:%H:%M} UTC"
    if moment.date() == now.date():
        return f"at {clock}"
    return f"on {moment.day} {moment:%B %Y} at {clock}"


def conflict_message(user, moment, noun):
    return (
        f"{describe_user(user)} changed this {noun} {describe_moment(moment)} after you "
        "opened it; your text is kept below — copy your changes, reload, and apply them again."
    )


class VersionCheckFormMixin(forms.Form):
    """For a ModelForm of a VersionedModel with ``updated_by``/``updated_at`` (AuditedModel)."""

    # The version the form was loaded with; compared with the database on save.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self.check_version(cleaned.get("loaded_version"))
        return cleaned

    def check_version(self, loaded):
        model = type(self.instance)
        noun = model._meta.verbose_name
        with transaction.atomic():
            current = (
                model._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values("version", "updated_by", "updated_at")
                .first()
            )
        if current is None or loaded == current["version"]:
            return
        if loaded is None:
            raise ValidationError(
                f"This form did not say which version of the {noun} it was opened on; "
                "copy your changes, reload, and apply them again.",
                code="no_version",
            )
        user = get_user_model().objects.filter(pk=current["updated_by"]).first()
        raise ValidationError(conflict_message(user, current["updated_at"], noun), code="conflict")
