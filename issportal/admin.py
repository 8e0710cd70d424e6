import datetime
import json

import reversion
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag

from . import history, moderation
from .moderation import PendingChange
from .publishing import PublicationStatus
from .versioning import describe_moment, describe_user

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
        if connection.vendor != "postgresql" or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        query = SearchQuery(search_term, search_type="websearch", config="english")
        match = Q(search_vector=query)
        for name in self.substring_search_fields:
            match |= Q(**{f"{name}__icontains": search_term.strip()})
        return queryset.filter(match), False


class HeldRestore(Exception):
    """Raised out of reversion's revert so that it rolls back; the restore waits instead."""

    def __init__(self, response, instance, data):
        super().__init__("restore held for approval")
        self.response, self.instance, self.data = response, instance, data


class HistoryAdmin(VersionAdmin):
    """Every admin save and action keeps a revision (django-reversion): who, when, what.

    Staff see the list of revisions, compare any two field by field, and restore one. A
    restore is a save like any other: a new revision, the edit check against the live
    version, and, for live content and those who may not publish, a change waiting for
    approval.
    """

    object_history_template = "admin/history/object_history.html"
    revision_form_template = "admin/history/revision_form.html"
    history_latest_first = True

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_compare"
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path("<path:object_id>/history/compare/", compare, name=name),
            *super().get_urls(),
        ]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        live = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if live is None or not self.has_change_permission(request, live):
            raise PermissionDenied
        request.restoring = live
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        except HeldRestore as held:
            # reversion rolled the revert back; what it would have made waits instead.
            version = Version.objects.select_related("revision").get(pk=version_id)
            moment = describe_moment(version.revision.date_created)
            note = f"Restore of the revision saved {moment}"
            pending = PendingChange.propose(held.instance, held.data, request.user, note=note)
            admin.ModelAdmin.log_change(self, request, live, f"Sent for approval: {note}.")
            self.message_user(
                request,
                f"Sent for approval: restoring the revision saved {moment} waits for a "
                f"Publisher; the public sees the live version until then.",
                messages.SUCCESS,
            )
            request.pending_change = pending
            return held.response

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        live = getattr(request, "restoring", None)
        if obj is not None and live is not None and hasattr(live, "version"):
            # A revision brings back its text, not its version number: the edit check
            # compares with the live version, and the number only ever goes up.
            type(obj)._default_manager.filter(pk=obj.pk).update(version=live.version)
            obj.version = live.version
        return obj

    def history_view(self, request, object_id, extra_context=None):
        """reversion's list of revisions, with each version's id for the comparison."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_revision"
        versions = Version.objects.get_for_object(obj).select_related("revision", "revision__user")
        action_list = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse(name, args=[quote(version.object_id), version.pk]),
            }
            for version in versions.order_by("-revision__date_created", "-pk")
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side, field by field: ?old=<version id>&new=<version id>."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision", "revision__user")
        chosen = {}
        for key in ("old", "new"):
            value = request.GET.get(key, "")
            version = versions.filter(pk=int(value)).first() if value.isdigit() else None
            if version is None:
                messages.error(request, "Choose two revisions of this record to compare.")
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                        args=[object_id],
                    )
                )
            chosen[key] = version
        old, new = sorted(chosen.values(), key=lambda v: v.revision.date_created)
        children = history.children(self)
        differences = moderation.compare(
            self.model,
            history.snapshot(old, children),
            history.snapshot(new, children),
            children,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare revisions of “{obj}”",
            "opts": self.opts,
            "object": obj,
            "old": old,
            "new": new,
            "differences": differences,
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[object_id]
            ),
            "restore_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_revision",
                args=[object_id, old.pk],
            ),
        }
        return TemplateResponse(request, "admin/history/compare.html", context)


class AuditedAdmin(HistoryAdmin):
    """Records who created and last changed an AuditedModel, and shows it read-only."""

    audit_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


def reopened_formset(formset_class, proposed, child_fields):
    """An inline formset showing a waiting change's rows, for its author to go on from: the
    rows it keeps with its values and in its order, the live rows it removes marked for
    deletion, and the rows it adds as new ones. Saving posts them like any edit."""

    class ReopenedFormSet(formset_class):
        removed = frozenset()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.is_bound:
                return
            live = {row.pk: row for row in super().get_queryset()}
            kept, added = [], []
            for values in proposed:
                row = live.pop(values["id"], None)
                if row is None:
                    added.append({n: values[n] for n in child_fields})
                    continue
                for n in child_fields:
                    setattr(row, row._meta.get_field(n).attname, values[n])
                kept.append(row)
            self.removed = set(live)
            self._queryset = [*kept, *live.values()]
            self.initial_extra = added
            self.extra = len(added) + formset_class.extra

        def add_fields(self, form, index):
            super().add_fields(form, index)
            if form.instance.pk in self.removed and "DELETE" in form.fields:
                form.fields["DELETE"].initial = True

    return ReopenedFormSet


def preview_url(live, change):
    """The record's public page showing ``change`` (``?pending=``), its anchor kept last."""
    if live is None or not hasattr(live, "get_absolute_url"):
        return None
    address, hash_mark, anchor = live.get_absolute_url().partition("#")
    return f"{address}?pending={change.pk}{hash_mark}{anchor}"


class ModeratedAdminMixin:
    """Changes to live content that wait for a Publisher (issportal/moderation.py).

    A save by someone without the publish permission on a live record, or one that would
    make a record live (``proposed_change``), is held: the form
    and its inlines save as usual inside a savepoint, the result is kept as a
    PendingChange, and the savepoint is rolled back, so the public keeps the live version.
    """

    def holds_save(self, request, obj, form):
        """Whether this save waits for a Publisher (a restore is judged on the live record).

        change_view has asked already, for the record it read: each ask reads the live
        record (and, for an image, where it is shown), so it is asked once a request.
        """
        live = getattr(request, "restoring", None)
        if live is None and hasattr(request, "moderation_needs_approval"):
            return request.moderation_needs_approval
        return moderation.needs_approval(request.user, obj, live=live)

    def proposed_change(self, request):
        """The part of the change sent that can make a record public (``needs_approval``'s
        ``proposed``), or None when only its status can, which the form guards."""
        return None

    def save_model(self, request, obj, form, change):
        if change and self.holds_save(request, obj, form):
            request.moderation_hold = (moderation.start_holding(), obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        hold = getattr(request, "moderation_hold", None)
        if hold is not None:
            request.moderation_hold = None
            savepoint, obj = hold
            if getattr(request, "restoring", None) is not None:
                # A restore: reversion's own transaction must roll back too (HeldRestore).
                try:
                    request.held_restore = (obj, moderation.snapshot(obj))
                finally:
                    transaction.savepoint_rollback(savepoint)
                return
            request.pending_change = moderation.finish_holding(savepoint, obj, request.user)

    def log_change(self, request, obj, message):
        if getattr(request, "pending_change", None) is not None and not isinstance(message, str):
            said = LogEntry(change_message=json.dumps(message)).get_change_message()
            message = f"Sent for approval. {said}".strip()
        return super().log_change(request, obj, message)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        reopened = getattr(request, "reopened", None)
        if obj is not None and reopened is not None and reopened[0] == obj.pk:
            # The author's waiting change, in the form: what saving again starts from.
            moderation.show_proposed(obj, reopened[1])
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        reopened = getattr(request, "reopened", None)
        if obj is None or reopened is None:
            return form
        # Its fields are on ``obj`` (get_object); its links and tags are not stored there.
        initial = moderation.form_initial(obj, reopened[1])

        class ReopenedForm(form):
            def __init__(self, *args, **kwargs):
                if not args and kwargs.get("data") is None:
                    kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        ReopenedForm.__name__ = ReopenedForm.__qualname__ = form.__name__
        return ReopenedForm

    def get_formsets_with_inlines(self, request, obj=None):
        reopened = getattr(request, "reopened", None)
        children = moderation.options(self.model).children
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            fk = getattr(formset, "fk", None)
            name = fk.remote_field.get_accessor_name() if fk is not None else None
            if reopened is not None and obj is not None and name in reopened[1]["children"]:
                formset = reopened_formset(formset, reopened[1]["children"][name], children[name])
            yield formset, inline

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self.show_moderation_notices(request, object_id)
        elif request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            # ``obj`` is the live record, just read: the form has not touched it.
            held = obj is not None and moderation.needs_approval(
                request.user, obj, live=obj, proposed=self.proposed_change(request)
            )
            request.moderation_needs_approval = held
            if held:
                # Held: nothing changes for the public, so no revision is kept either
                # (VersionAdmin.change_view would keep one); approval keeps it.
                return self.changeform_view(request, object_id, form_url, extra_context)
        return super().change_view(request, object_id, form_url, extra_context)

    def show_moderation_notices(self, request, object_id):
        """Waiting and rejected changes, for their author and for those who approve them."""
        obj = self.get_object(request, object_id)
        if obj is None:
            return
        changes = PendingChange.objects.for_object(obj).select_related("created_by")
        approver = moderation.can_approve(request.user, self.model)
        for change in changes.waiting():
            url = reverse("admin:issportal_pendingchange_change", args=[change.pk])
            if change.created_by_id == request.user.pk and not approver:
                if getattr(request, "reopened", None) is None:
                    # The newest of them (there is one: a new change replaces the last),
                    # on the live record as it is now: a Publisher's later save to fields
                    # the author did not touch is kept, not undone by saving again.
                    request.reopened = (obj.pk, change.effective(obj))
                text = format_html(
                    "Your change sent {} is waiting for approval. This form shows it, not the "
                    "live version; saving replaces it with what you save. "
                    '<a href="{}">See it</a>.',
                    describe_moment(change.created_at),
                    url,
                )
            elif approver:
                text = format_html(
                    '{} sent a change {} that is waiting for approval: <a href="{}">review it</a>.',
                    describe_user(change.created_by),
                    describe_moment(change.created_at),
                    url,
                )
            else:
                continue
            messages.info(request, text)
        latest = changes.filter(created_by=request.user).first()
        if latest is not None and latest.state == PendingChange.State.REJECTED:
            messages.warning(
                request,
                format_html(
                    "{} rejected your change sent {}: “{}”",
                    describe_user(latest.reviewed_by),
                    describe_moment(latest.created_at),
                    latest.review_comment,
                ),
            )

    def state_after_save(self, obj):
        """What a save did to the public, said after the admin's success message."""
        return None

    def response_add(self, request, obj, post_url_continue=None):
        request.state_after_save = self.state_after_save(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        held = getattr(request, "held_restore", None)
        if held is not None:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
            )
            raise HeldRestore(HttpResponseRedirect(url), *held)
        request.state_after_save = self.state_after_save(obj)
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "pending_change", None) is not None and level == messages.SUCCESS:
            # Nothing was changed for the public: say so instead of "changed successfully".
            message = format_html(
                "Sent for approval: your change to the {} “{}” is kept, and the public sees "
                "the live version until a Publisher approves it.",
                self.model._meta.verbose_name,
                request.pending_change.object_repr,
            )
            request.pending_change = None
            request.state_after_save = None
        # Django's "was changed successfully", followed by what that means for the public.
        state = getattr(request, "state_after_save", None)
        if state and level == messages.SUCCESS:
            message = format_html("{} {}", message, state)
            request.state_after_save = None
        super().message_user(request, message, level, *args, **kwargs)


class PublishingAdminMixin(ModeratedAdminMixin):
    """ "Publish" and "Unpublish" actions for models with ``status`` and ``publish_at``, and
    changes to published records that wait for a Publisher (ModeratedAdminMixin).

    Each record is saved on its own, so that every write goes through ``save()`` and its
    signals (the page cache, search) and into the admin's history; a bulk ``update()``
    would do neither. Only users with ``has_publish_permission`` see or run them.
    """

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        raise NotImplementedError

    def state_after_save(self, obj):
        """What a save did to the public, said after the admin's success message."""
        if obj.is_public:
            return "Published: it is live now."
        if obj.is_scheduled:
            moment = timezone.localtime(obj.publish_at, datetime.UTC)
            return f"Scheduled: it goes live on {moment.day} {moment:%B %Y at %H:%M} UTC."
        return "Saved as a draft: the public does not see it."

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


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """The "Waiting for approval" list: Publishers review and decide, authors follow theirs.

    Who may see what is decided here rather than by model permissions: a Publisher sees the
    changes to the models they may publish, anyone else with the right to edit them sees
    their own. The records are written only through approve and reject.
    """

    list_display = ["object_repr", "kind", "author", "created_at", "state", "reviewer"]
    list_filter = ["state"]
    list_select_related = ["content_type", "created_by", "reviewed_by"]
    search_fields = ["object_repr"]
    change_form_template = "admin/issportal/pendingchange/review.html"

    def may_use(self, request):
        return request.user.is_active and any(
            request.user.has_perm(f"{m._meta.app_label}.change_{m._meta.model_name}")
            for m in moderation._registry
        )

    def has_module_permission(self, request):
        return self.may_use(request)

    def has_view_permission(self, request, obj=None):
        if not self.may_use(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Opened from the index, the list shows what waits; the filter shows the rest.
        if not {"state__exact", "q", "o", "p"} & set(request.GET):
            query = request.GET.copy()
            query["state__exact"] = PendingChange.State.WAITING
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        context = {"title": "Waiting for approval", **(extra_context or {})}
        return super().changelist_view(request, context)

    @admin.display(description="Type", ordering="content_type")
    def kind(self, obj):
        return str(obj.content_type.model_class()._meta.verbose_name).capitalize()

    @admin.display(description="Author", ordering="created_by")
    def author(self, obj):
        return describe_user(obj.created_by)

    @admin.display(description="Decided by")
    def reviewer(self, obj):
        if obj.reviewed_by is None:
            return ""
        if obj.review_comment:
            return f"{describe_user(obj.reviewed_by)}: “{obj.review_comment}”"
        return describe_user(obj.reviewed_by)

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="issportal_pendingchange_approve",
            ),
            path(
                "<int:pk>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="issportal_pendingchange_reject",
            ),
            *super().get_urls(),
        ]

    def _decidable(self, request, pk):
        change = get_object_or_404(PendingChange, pk=pk)
        if not moderation.can_approve(request.user, change.model):
            raise PermissionDenied
        return change

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = get_object_or_404(PendingChange, pk=object_id)
        # Someone else's change, opened by its address: refused, not hidden.
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        context = self.review_context(request, change)
        return TemplateResponse(request, self.change_form_template, context)

    def review_context(self, request, change, **extra):
        live = change.live_object()
        differences = []
        if change.state != change.State.WAITING and change.base is not None:
            # Decided: what the author changed, against the live version they started from.
            differences = moderation.compare(change.model, change.base, change.data)
        elif live is not None:
            current = moderation.snapshot(live)
            differences = moderation.compare(change.model, current, change.effective(live))
        return {
            **self.admin_site.each_context(request),
            "title": f"Change to “{change.object_repr}”",
            "opts": self.opts,
            "change": change,
            "live": live,
            "differences": differences,
            "live_changed": live is not None and change.live_changed_since(live),
            "may_decide": change.state == PendingChange.State.WAITING
            and moderation.can_approve(request.user, change.model),
            "preview_url": preview_url(live, change),
            "live_admin_url": (
                reverse(
                    f"admin:{change.model._meta.app_label}_{change.model._meta.model_name}_change",
                    args=[change.object_id],
                )
                if live is not None
                else None
            ),
            **extra,
        }

    def approve_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:issportal_pendingchange_change", args=[pk]))
        change = self._decidable(request, pk)
        try:
            with reversion.create_revision():
                # The revision is the author's text, made live by this Publisher.
                reversion.set_user(change.created_by)
                reversion.set_comment(
                    f"Approved by {describe_user(request.user)}"
                    + (f": {change.note}" if change.note else ".")
                )
                change.approve(request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:issportal_pendingchange_change", args=[pk]))
        live = change.live_object()
        LogEntry.objects.log_actions(
            request.user.pk,
            [live],
            2,  # CHANGE
            change_message=f"Approved the change sent by {describe_user(change.created_by)}.",
            single_object=True,
        )
        messages.success(
            request,
            f"Approved: the change to “{change.object_repr}” by "
            f"{describe_user(change.created_by)} is live now.",
        )
        return HttpResponseRedirect(reverse("admin:issportal_pendingchange_changelist"))

    def reject_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:issportal_pendingchange_change", args=[pk]))
        change = self._decidable(request, pk)
        try:
            change.reject(request.user, request.POST.get("comment", ""))
        except ValidationError as error:
            context = self.review_context(request, change, reject_error=" ".join(error.messages))
            return TemplateResponse(request, self.change_form_template, context, status=400)
        messages.success(
            request,
            f"Rejected: the change to “{change.object_repr}” stays out of the public site, "
            f"and {describe_user(change.created_by)} sees your comment.",
        )
        return HttpResponseRedirect(reverse("admin:issportal_pendingchange_changelist"))
