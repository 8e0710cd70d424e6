import datetime

from django.contrib import admin
from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from taggit.models import Tag

from .publishing import PublicationStatus

# taggit's shared vocabulary is no longer used: articles and images each have their own
# tag model, in their own admin section.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


class FullTextSearchAdminMixin:
    """On PostgreSQL, search the text through the stored, indexed search vector.

    Matching every word of a long body with ILIKE reads the whole table; the
    vector answers from its GIN index. Short fields still match by substring,
    so a slug or a half-typed title is found. Elsewhere Django's own search runs.
    """

    substring_search_fields: tuple[str, ...] = ("title", "slug")

    def get_search_results(self, request, queryset, search_term):
        from django.contrib.postgres.search import SearchQuery
        from django.db import connection
        from django.db.models import Q

        if connection.vendor != "postgresql" or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        query = SearchQuery(search_term, search_type="websearch", config="english")
        match = Q(search_vector=query)
        for name in self.substring_search_fields:
            match |= Q(**{f"{name}__icontains": search_term.strip()})
        return queryset.filter(match), False


class AuditedAdmin(admin.ModelAdmin):
    """Records who created and last changed an AuditedModel, and shows it read-only."""

    audit_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class PublishingAdminMixin:
    """ "Publish" and "Unpublish" actions for models with ``status`` and ``publish_at``.

    Each record is saved on its own, so that every write goes through ``save()`` and its
    signals (the page cache, search) and into the admin's history; a bulk ``update()``
    would do neither. Only users with ``has_publish_permission`` see or run them.
    """

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        raise NotImplementedError

    def state_after_save(self, obj):
        """What a save did to the public, said in the admin's success message."""
        if obj.is_public:
            return "Published: it is live now."
        if obj.is_scheduled:
            moment = timezone.localtime(obj.publish_at, datetime.UTC)
            return f"Scheduled: it goes live on {moment.day} {moment:%B %Y at %H:%M} UTC."
        return "Saved as a draft: the public does not see it."

    def response_add(self, request, obj, post_url_continue=None):
        request.state_after_save = self.state_after_save(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request.state_after_save = self.state_after_save(obj)
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's "was changed successfully", followed by what that means for the public.
        state = getattr(request, "state_after_save", None)
        if state and level == messages.SUCCESS:
            message = format_html("{} {}", message, state)
            request.state_after_save = None
        super().message_user(request, message, level, *args, **kwargs)

    def _counted(self, count):
        meta = self.model._meta
        return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"

    @admin.action(
        description="Publish the selected %(verbose_name_plural)s (now, or at their publish "
        "date if set)",
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        now = timezone.now().replace(microsecond=0)
        published = scheduled = 0
        with transaction.atomic():
            for record in queryset.exclude(status=PublicationStatus.PUBLISHED):
                record.status = PublicationStatus.PUBLISHED
                record.publish_at = record.publish_at or now
                record.updated_by = request.user
                record.save(update_fields=["status", "publish_at", "updated_by", "updated_at"])
                self.log_change(request, record, "Published.")
                published += 1
                scheduled += record.publish_at > now
        plural = self.model._meta.verbose_name_plural
        if not published:
            self.message_user(request, f"The selected {plural} were already published.")
            return
        message = f"Published {self._counted(published)}"
        if scheduled:
            message += f" ({scheduled} scheduled for a later time)"
        self.message_user(request, message + ".", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected %(verbose_name_plural)s (back to draft)",
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        count = 0
        with transaction.atomic():
            for record in queryset.filter(status=PublicationStatus.PUBLISHED):
                record.status = PublicationStatus.DRAFT
                record.updated_by = request.user
                record.save(update_fields=["status", "updated_by", "updated_at"])
                self.log_change(request, record, "Unpublished.")
                count += 1
        if not count:
            plural = self.model._meta.verbose_name_plural
            self.message_user(request, f"None of the selected {plural} was published.")
            return
        drafts = "it is a draft" if count == 1 else "they are drafts"
        message = f"Unpublished {self._counted(count)}; {drafts} again."
        self.message_user(request, message, messages.SUCCESS)
