import csv

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.forms import Textarea
from django.http import HttpResponse
from django.utils import timezone

from issportal import moderation
from issportal.admin import AuditedAdmin, HistoryAdmin, ModeratedAdminMixin
from issportal.versioning import VersionCheckFormMixin

from .faq import placeholder_help
from .models import (
    Agency,
    Astronaut,
    CommandTerm,
    DataSource,
    Expedition,
    ExpeditionMember,
    Module,
    Question,
    SpacecraftType,
    Spacewalk,
    SpacewalkCrew,
    Stay,
    Visit,
    VisitPort,
)


@admin.action(description="Export the selected rows as CSV", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    """The change list's columns, as a CSV file."""
    opts = modeladmin.model._meta
    fields = [f for f in opts.concrete_fields if f.name not in {"created_by", "updated_by"}]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{opts.model_name}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow([f.verbose_name for f in fields])
    for obj in queryset.order_by("pk").iterator(chunk_size=500):
        writer.writerow([_csv_value(f.value_from_object(obj)) for f in fields])
    return response


def _csv_value(value):
    text = "" if value is None else str(value)
    # A leading =, +, - or @ would be run as a formula by spreadsheets.
    return f"'{text}" if text[:1] in {"=", "+", "-", "@"} else text


class StationRecordForm(VersionCheckFormMixin, forms.ModelForm):
    """Every station record's admin form: a stale save is refused with who and when."""


class StationAdmin(AuditedAdmin):
    form = StationRecordForm
    actions = [export_csv]
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        return ("version", *super().get_readonly_fields(request, obj))

    def save_formset(self, request, form, formset, change):
        # Crew rows added inline take their source from the record they belong to.
        instances = formset.save(commit=False)
        for instance in instances:
            if getattr(instance, "source_id", False) is None:
                instance.source = form.instance.source
            # Rows saved inline say who made and changed them, as the record does.
            if hasattr(instance, "updated_by_id"):
                if instance._state.adding:
                    instance.created_by = request.user
                instance.updated_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(DataSource)
class DataSourceAdmin(HistoryAdmin):
    list_display = ["name", "key", "license", "current_to"]
    search_fields = ["name", "key", "license", "notes"]
    fields = ["name", "key", "url", "license", "credit", "current_to", "notes"]
    prepopulated_fields = {"key": ["name"]}


@admin.register(Agency)
class AgencyAdmin(StationAdmin):
    list_display = ["abbreviation", "name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["abbreviation", "name"]


class StayInline(admin.TabularInline):
    model = Stay
    fk_name = "astronaut"
    extra = 0
    autocomplete_fields = ["arrival_vehicle", "departure_vehicle"]
    fields = [
        "arrival_vehicle",
        "arrival_date",
        "departure_vehicle",
        "departure_date",
        "departure_unknown",
        "last_seen_aboard",
    ]
    ordering = ["arrival_date"]


@admin.register(Astronaut)
class AstronautAdmin(StationAdmin):
    list_display = ["name", "agency", "nationality", "birth_date", "source"]
    list_filter = ["agency", "nationality", "source"]
    list_select_related = ["agency", "source"]
    search_fields = ["name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency", "portrait"]
    inlines = [StayInline]


class ExpeditionMemberInline(admin.TabularInline):
    model = ExpeditionMember
    extra = 1
    autocomplete_fields = ["astronaut"]
    fields = ["astronaut", "role", "joined", "left"]


class CommandTermInline(admin.TabularInline):
    """Who commanded when, where command changed hands during the expedition."""

    model = CommandTerm
    extra = 0
    autocomplete_fields = ["astronaut"]
    fields = ["astronaut", "start", "end", "source", "source_detail"]
    ordering = ["start"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}


@admin.register(Expedition)
class ExpeditionAdmin(StationAdmin):
    list_display = ["__str__", "start", "end", "length", "crew_count", "source"]
    list_display_links = ["__str__"]
    list_filter = [("end", admin.EmptyFieldListFilter), "source"]
    list_select_related = ["source"]
    date_hierarchy = "start"
    search_fields = ["number", "members__astronaut__name", "members__astronaut__aliases"]
    inlines = [ExpeditionMemberInline, CommandTermInline]
    ordering = ["-number"]
    autocomplete_fields = ["patch"]
    # What staff check first (number and dates), where the facts come from last.
    fieldsets = [
        (None, {"fields": ["number", "start", "end"]}),
        ("About", {"fields": ["description", "patch"]}),
        ("Source", {"fields": ["source", "source_detail"]}),
        ("History", {"fields": ["version", "loaded_version", *AuditedAdmin.audit_fields]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(crew_total=Count("members"))

    @admin.display(description="Length (days)")
    def length(self, obj):
        return obj.length_days

    @admin.display(description="Crew", ordering="crew_total")
    def crew_count(self, obj):
        return obj.crew_total


class SpacewalkCrewInline(admin.TabularInline):
    model = SpacewalkCrew
    extra = 2
    autocomplete_fields = ["astronaut"]
    fields = ["astronaut"]


@admin.register(Spacewalk)
class SpacewalkAdmin(StationAdmin):
    list_display = ["designation", "date", "duration", "crew_names", "expedition"]
    list_filter = ["airlock", "source"]
    list_select_related = ["expedition"]
    date_hierarchy = "date"
    search_fields = ["designation", "mission", "purpose", "crew__name", "crew__aliases"]
    autocomplete_fields = ["expedition"]
    inlines = [SpacewalkCrewInline]
    ordering = ["-date"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("crew")

    @admin.display(description="Crew")
    def crew_names(self, obj):
        return ", ".join(person.name for person in obj.crew.all())


@admin.register(SpacecraftType)
class SpacecraftTypeAdmin(StationAdmin):
    list_display = ["name", "operator", "purpose"]
    list_filter = ["purpose", "operator"]
    list_select_related = ["operator"]
    search_fields = ["name", "operator__abbreviation", "operator__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["operator"]


class VisitPortInline(admin.TabularInline):
    model = VisitPort
    extra = 1
    fields = ["port", "start_date", "start_at", "end_date", "end_at", "source", "source_detail"]
    verbose_name_plural = "port times (one per port, in order; a move ends one and starts the next)"
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Left empty, a port time takes the visit's source (StationAdmin.save_formset).
        formset.form.base_fields["source"].required = False
        return formset


@admin.register(Visit)
class VisitAdmin(StationAdmin):
    inlines = [VisitPortInline]
    list_display = ["name", "spacecraft_type", "arrival_date", "departure_date", "port", "mode"]
    list_filter = ["spacecraft_type__purpose", "spacecraft_type", "mode", "source"]
    list_select_related = ["spacecraft_type"]
    date_hierarchy = "arrival_date"
    search_fields = ["name", "port", "crew__name", "crew__aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["spacecraft_type", "crew"]
    ordering = ["-arrival_date"]


class StayStatusFilter(admin.SimpleListFilter):
    title = "departure"
    parameter_name = "departure"

    def lookups(self, request, model_admin):
        return [
            ("dated", "Dated"),
            ("unknown", "Left, day unknown"),
            ("open", "No record of leaving"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "dated":
            return queryset.filter(departure_date__isnull=False)
        if self.value() == "unknown":
            return queryset.filter(departure_unknown=True)
        if self.value() == "open":
            return queryset.open()
        return queryset


@admin.register(Stay)
class StayAdmin(StationAdmin):
    list_display = [
        "astronaut",
        "arrival_vehicle",
        "arrival_date",
        "departure_vehicle",
        "departure_date",
        "days",
        "source",
    ]
    list_filter = [StayStatusFilter, "source", "arrival_vehicle__spacecraft_type"]
    list_select_related = ["astronaut", "arrival_vehicle", "departure_vehicle", "source"]
    date_hierarchy = "arrival_date"
    search_fields = [
        "astronaut__name",
        "astronaut__aliases",
        "arrival_vehicle__name",
        "departure_vehicle__name",
    ]
    autocomplete_fields = ["astronaut", "arrival_vehicle", "departure_vehicle"]
    ordering = ["-arrival_date", "astronaut__name"]

    @admin.display(description="Days aboard")
    def days(self, obj):
        return obj.days_aboard()


@admin.register(Module)
class ModuleAdmin(StationAdmin):
    list_display = ["position", "name", "agency", "kind", "launch_date", "attached_date"]
    list_display_links = ["name"]
    list_filter = ["agency", "kind"]
    list_select_related = ["agency"]
    search_fields = ["name", "kind", "location"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency", "image", "delivered_by"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 60})}}


class QuestionForm(VersionCheckFormMixin, forms.ModelForm):
    """An FAQ entry's form: a stale save is refused with who and when, as for articles."""


QUESTION_PUBLISH_PERMISSION = "stations.publish_question"


def question_is_published(question):
    return question.published


# An Editor's or a data editor's change to a published question waits for a Publisher.
moderation.register(
    Question, publish_permission=QUESTION_PUBLISH_PERMISSION, is_live=question_is_published
)


@admin.register(Question)
class QuestionAdmin(ModeratedAdminMixin, AuditedAdmin):
    """The FAQ: ordered by position, which Publishers may set in the list itself.

    Only Publishers publish or withdraw a question; others' changes to a published one wait
    for a Publisher (ModeratedAdminMixin), and what they add stays unpublished until then.
    """

    form = QuestionForm
    list_display = ["question", "position", "published", "updated_at"]
    list_editable = ["position", "published"]
    list_filter = ["published"]
    search_fields = ["question", "answer"]
    ordering = ["position", "pk"]
    # The hidden version field rides in History (VersionCheckFormMixin).
    fieldsets = [
        (None, {"fields": ["question", "slug", "answer", "position", "published"]}),
        ("History", {"fields": ["version", "loaded_version", *AuditedAdmin.audit_fields]}),
    ]
    prepopulated_fields = {"slug": ["question"]}

    def get_readonly_fields(self, request, obj=None):
        return ("version", *super().get_readonly_fields(request, obj))

    def has_publish_permission(self, request):
        return request.user.has_perm(QUESTION_PUBLISH_PERMISSION)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["answer"].help_text = (
            "Markdown. Figures from the records, filled in when the page is shown: "
            f"{placeholder_help()}."
        )
        if not self.has_publish_permission(request):
            # Whatever the browser sends, the field keeps its value: a new question unpublished.
            published = form.base_fields["published"]
            published.disabled = True
            if obj is None:
                published.initial = False
            published.help_text = "Only Publishers publish or withdraw a question."
        return form

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.has_publish_permission(request):
            # Editing in the list would change published questions past their Publisher.
            changelist.list_editable = ()
        return changelist

    def state_after_save(self, obj):
        if obj.published:
            return "Published: it is on the FAQ page now."
        return "Not published: the public does not see it."
