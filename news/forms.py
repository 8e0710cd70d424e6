"""The admin's article form: who may publish, and no lost edits.

Both rules are checked here, on the server, whatever the page showed:

* Only users with ``news.publish_article`` may publish, schedule (publish
  with a future time), reschedule or unpublish. Editors write and revise.
* The form carries the version it was loaded with. When someone else saved
  the article in between, the save is refused with who and when, and the
  form comes back with the refused text in it.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article

PUBLISH_DENIED = (
    "Only publishers can publish, schedule or unpublish an article. "
    "Save it as a draft and ask a publisher to publish it."
)
SCHEDULE_DENIED = "Only publishers can change when a published or scheduled article goes public."


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


def _to_second(moment):
    # The admin's date and time fields carry no microseconds.
    return moment.replace(microsecond=0) if moment else moment


def conflict_message(user, moment):
    return (
        f"{describe_user(user)} changed this article {describe_moment(moment)} after you "
        "opened it; your text is kept below — copy your changes, reload, and apply them again."
    )


class ArticleAdminForm(forms.ModelForm):
    # The version the form was loaded with; compared with the database on save.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    # Set by ArticleAdmin.get_form for the user at hand.
    can_publish = False

    class Meta:
        model = Article
        fields = [
            "kind",
            "title",
            "slug",
            "summary",
            "body",
            "byline",
            "tags",
            "status",
            "publish_at",
            "expeditions",
            "astronauts",
            "spacewalks",
            "visits",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self._check_version(cleaned.get("loaded_version"))
        self._check_publishing(cleaned)
        return cleaned

    def _check_version(self, loaded):
        # Lock the row until the admin's transaction ends, so two saves cannot
        # both pass this check (PostgreSQL; SQLite's writes are serialized).
        with transaction.atomic():
            current = (
                Article.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values("version", "updated_by", "updated_at")
                .first()
            )
        if current is None or loaded == current["version"]:
            return
        if loaded is None:
            raise ValidationError(
                "This form did not say which version of the article it was opened on; "
                "copy your changes, reload, and apply them again.",
                code="no_version",
            )
        user = None
        if current["updated_by"] is not None:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.filter(pk=current["updated_by"]).first()
        raise ValidationError(conflict_message(user, current["updated_at"]), code="conflict")

    def _check_publishing(self, cleaned):
        status = cleaned.get("status")
        publish_at = cleaned.get("publish_at")
        published = Article.Status.PUBLISHED
        if status == published and publish_at is None:
            # Publishing with no time means now.
            publish_at = cleaned["publish_at"] = timezone.now().replace(microsecond=0)
        if self.can_publish:
            return
        was_published = self.instance.pk is not None and self.initial.get("status") == published
        if status == published and not was_published:
            self.add_error("status", ValidationError(PUBLISH_DENIED, code="publish_denied"))
        elif was_published and status != published:
            self.add_error("status", ValidationError(PUBLISH_DENIED, code="unpublish_denied"))
        elif was_published and _to_second(publish_at) != _to_second(self.initial.get("publish_at")):
            self.add_error("publish_at", ValidationError(SCHEDULE_DENIED, code="schedule_denied"))
