"""The admin's article form: who may publish, and no lost edits.

Both rules are checked here, on the server, whatever the page showed:

* Only users with ``news.publish_article`` may publish, schedule (publish
  with a future time), reschedule or unpublish. Editors write and revise.
* The form carries the version it was loaded with. When someone else saved
  the article in between, the save is refused with who and when, and the
  form comes back with the refused text in it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from issportal.versioning import VersionCheckFormMixin

from .models import Article

PUBLISH_DENIED = (
    "Only publishers can publish, schedule or unpublish an article. "
    "Save it as a draft and ask a publisher to publish it."
)
SCHEDULE_DENIED = "Only publishers can change when a published or scheduled article goes public."


def _to_second(moment):
    # The admin's date and time fields carry no microseconds.
    return moment.replace(microsecond=0) if moment else moment


class ArticleAdminForm(VersionCheckFormMixin, forms.ModelForm):
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

    def clean(self):
        cleaned = super().clean()
        self._check_publishing(cleaned)
        return cleaned

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
