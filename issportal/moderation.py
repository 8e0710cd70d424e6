"""Changes to live content wait for a Publisher.

An app opts a model in with ``register`` (its publish permission, the child rows shown with
it, e.g. a gallery's images). When someone without that permission saves a live record, the
admin runs the save as usual inside a savepoint, reads the result back as a snapshot (the
fields, many-to-many links, tags and child rows, as JSON), rolls the savepoint back and keeps
the snapshot as a ``PendingChange``: the public keeps the live version, and nothing another
part of the site does on save (search vectors, the page cache) has happened. A Publisher
approves it (the snapshot is written through ``save()``, so the page cache moves on as for
any save) or rejects it with a comment its author sees.

This module knows no app: the models come from ``register``.
"""

import difflib
import json
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.utils import edit_string_for_tags

from .publishing import PublicationStatus


def status_is_published(instance):
    """Published content (live now or scheduled): a Publisher has said it may be public."""
    return getattr(instance, "status", None) == PublicationStatus.PUBLISHED


@dataclass(frozen=True)
class Moderated:
    model: type
    # Whoever has this permission ("news.publish_article") saves straight to the public.
    publish_permission: str
    # Child rows edited with the record: {related name: (field names,)}, e.g. a gallery's
    # {"items": ("image", "position", "caption")}.
    children: dict = field(default_factory=dict)
    # Whether a record as stored is public, so that changing it waits: by default its own
    # status; a model without one says how (an image shown in a published gallery).
    is_live: Callable = status_is_published


_registry: dict[type, Moderated] = {}


def register(model, *, publish_permission, children=None, is_live=status_is_published):
    _registry[model] = Moderated(model, publish_permission, dict(children or {}), is_live)


def options(model):
    return _registry.get(model)


# More ways a record is public, added by apps that show it and that its own app cannot know
# (an image is public as an article's hero; media_gallery may not import news).
_also_live: dict[type, list[Callable]] = {}


def also_live_when(model, check):
    """Treat a ``model`` record as live when ``check(record)`` is true, as well as when its
    registration says so. Called from the showing app's ``AppConfig.ready()``."""
    checks = _also_live.setdefault(model, [])
    # ready() runs again when a test swaps INSTALLED_APPS: keep each check once.
    key = (check.__module__, check.__qualname__)
    checks[:] = [c for c in checks if (c.__module__, c.__qualname__) != key]
    checks.append(check)


def is_live(instance):
    """Whether the record as stored is public, so that changing it waits for a Publisher."""
    opts = options(type(instance))
    if opts is not None and opts.is_live(instance):
        return True
    return any(check(instance) for check in _also_live.get(type(instance), ()))


def needs_approval(user, instance, *, live=None, proposed=None):
    """Whether ``user``'s change to ``instance`` must wait for a Publisher: the record is
    public, or the change would make it so.

    The live record is read from the database unless given (a restore reads it before
    reverting). ``proposed``, when given, writes the part of the change that can make a
    record public (an image's tags can put it on a page) to the live record; it is tried
    inside a savepoint and rolled back (``would_be_live``), for a record not public yet.
    """
    opts = options(type(instance))
    if opts is None or instance.pk is None or user.has_perm(opts.publish_permission):
        return False
    if live is None:
        live = type(instance)._default_manager.filter(pk=instance.pk).first()
    if live is None:
        return False
    return is_live(live) or (proposed is not None and would_be_live(live, proposed))


def would_be_live(instance, change):
    """Whether ``instance`` would be public after ``change(instance)`` writes to it.

    The change is tried inside a savepoint and rolled back, so nothing of it stays: what
    saves leave for after the commit (the page cache moving on) is dropped with it.
    """
    with transaction.atomic():
        savepoint = transaction.savepoint_create()
        try:
            change(instance)
            return is_live(instance)
        finally:
            transaction.savepoint_rollback(savepoint)


def can_approve(user, model):
    opts = options(model)
    return opts is not None and user.is_active and user.has_perm(opts.publish_permission)


# --- Snapshots: a record's editable state as JSON -------------------------------------------


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def _links(model):
    """Many-to-many fields a form edits (tags included; through-models are children)."""
    return [
        f
        for f in model._meta.many_to_many
        if f.editable
        and (isinstance(f, TaggableManager) or f.remote_field.through._meta.auto_created)
    ]


def _encode(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance):
    """The record as it is in the database now: fields, links, tags and child rows."""
    model = type(instance)
    record = model._default_manager.get(pk=instance.pk)
    data = {
        "fields": {f.name: _encode(f.value_from_object(record)) for f in _fields(model)},
        "links": {},
        "children": {},
    }
    for link in _links(model):
        if isinstance(link, TaggableManager):
            data["links"][link.name] = sorted(tag.name for tag in getattr(record, link.name).all())
        else:
            linked = getattr(record, link.name).values_list("pk", flat=True)
            data["links"][link.name] = sorted(linked)
    opts = options(model)
    for name, child_fields in (opts.children if opts else {}).items():
        manager = getattr(record, name)
        related = manager.model
        pairs = [(n, related._meta.get_field(n).attname) for n in child_fields]
        rows = manager.order_by(*related._meta.ordering or ["pk"])
        data["children"][name] = [
            {"id": row["pk"], **{n: _encode(row[a]) for n, a in pairs}}
            for row in rows.values("pk", *(a for _, a in pairs))
        ]
    return data


def proposed_children(instance, name, data):
    """Unsaved child rows as the snapshot has them, in its order (for previews)."""
    opts = options(type(instance))
    related = getattr(instance, name).model
    rows = []
    for values in data["children"].get(name, []):
        attrs = {related._meta.get_field(n).attname: values[n] for n in opts.children[name]}
        row = related(**attrs)
        row.pk = values["id"]
        setattr(row, getattr(instance, name).field.name, instance)
        rows.append(row)
    return rows


def apply(instance, data, user):
    """Write a snapshot onto the live record through ``save()``, so every signal runs."""
    model = type(instance)
    record = model._default_manager.select_for_update().get(pk=instance.pk)
    for f in _fields(model):
        if f.name in data["fields"]:
            setattr(record, f.attname, f.to_python(data["fields"][f.name]))
    if hasattr(record, "updated_by_id"):
        record.updated_by = user
    record.full_clean(exclude=[f.name for f in model._meta.fields if not f.editable])
    record.save()
    for link in _links(model):
        if link.name in data["links"]:
            getattr(record, link.name).set(data["links"][link.name])
    opts = options(model)
    for name, child_fields in opts.children.items():
        if name not in data["children"]:
            continue
        manager = getattr(record, name)
        related = manager.model
        existing = {row.pk: row for row in manager.all()}
        wanted = data["children"][name]
        kept = {values["id"] for values in wanted if values["id"] in existing}
        manager.exclude(pk__in=kept).delete()
        for values in wanted:
            attrs = {related._meta.get_field(n).attname: values[n] for n in child_fields}
            row = existing.get(values["id"])
            if row is None:
                manager.create(**attrs)
            elif any(getattr(row, a) != v for a, v in attrs.items()):
                for a, v in attrs.items():
                    setattr(row, a, v)
                row.save()
    return record


# --- Holding a save for approval -------------------------------------------------------------


def start_holding():
    """A savepoint to roll the held save back to; call inside a transaction."""
    return transaction.savepoint_create()


def finish_holding(savepoint, instance, user, *, note=""):
    """Snapshot ``instance`` as saved so far, roll the save back, keep it as a pending change."""
    try:
        data = snapshot(instance)
    finally:
        transaction.savepoint_rollback(savepoint)
    return PendingChange.propose(instance, data, user, note=note)


@contextmanager
def held_for_approval(instance, user, *, note=""):
    """Run the writes in the block, then keep their result as a pending change instead.

    ``holder.pending`` is the PendingChange afterwards.
    """
    holder = type("Holder", (), {"pending": None})()
    with transaction.atomic():
        savepoint = start_holding()
        yield holder
        holder.pending = finish_holding(savepoint, instance, user, note=note)


# --- Storage ---------------------------------------------------------------------------------


class PendingChangeQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(state=PendingChange.State.WAITING)

    def for_object(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=instance.pk,
        )

    def visible_to(self, user):
        """Publishers see every change they may approve; others, their own."""
        approvable = [
            ContentType.objects.get_for_model(model).pk
            for model in _registry
            if can_approve(user, model)
        ]
        return self.filter(models.Q(content_type__in=approvable) | models.Q(created_by=user))


class PendingChange(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        REPLACED = "replaced", "Replaced by a newer change"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField("record", max_length=200)
    data = models.JSONField(
        encoder=DjangoJSONEncoder,
        help_text="The proposed fields, links, tags and child rows, as the author saved them.",
    )
    # The live record as the change was made, and its version: what the author changed is
    # what differs from it, so a later live save to other fields is not undone on approval.
    base = models.JSONField(encoder=DjangoJSONEncoder, null=True, blank=True)
    base_version = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.WAITING, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="author"
    )
    created_at = models.DateTimeField("sent", default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField("comment", blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "change waiting for approval"
        verbose_name_plural = "changes waiting for approval"
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]

    def __str__(self):
        return f"{self.object_repr} ({self.get_state_display().lower()})"

    @classmethod
    def propose(cls, instance, data, user, *, note=""):
        """Keep a change; the author's earlier waiting change to the same record is replaced."""
        cls.objects.for_object(instance).waiting().filter(created_by=user).update(
            state=cls.State.REPLACED
        )
        live = type(instance)._default_manager.filter(pk=instance.pk).first()
        return cls.objects.create(
            base=snapshot(live) if live is not None else None,
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=instance.pk,
            object_repr=str(live if live is not None else instance)[:200],
            data=data,
            base_version=getattr(live, "version", None),
            note=note[:200],
            created_by=user,
        )

    @property
    def model(self):
        return self.content_type.model_class()

    def live_object(self):
        return self.model._default_manager.filter(pk=self.object_id).first()

    def live_changed_since(self, live):
        return self.base_version is not None and getattr(live, "version", None) != self.base_version

    def effective(self, live):
        """The live record with this change's edits on it: what approving makes live.

        Only what the author changed (what differs from ``base``) is taken; fields saved
        live since then and untouched by the author keep their live value.
        """
        current = snapshot(live)
        if self.base is None:
            return self.data
        merged = {"fields": {}, "links": {}, "children": {}}
        for part in merged:
            proposed, base, now = self.data.get(part, {}), self.base.get(part, {}), current[part]
            for name in dict.fromkeys([*now, *proposed]):
                changed = name in proposed and proposed[name] != base.get(name)
                merged[part][name] = proposed[name] if changed else now.get(name)
        return merged

    def approve(self, user):
        """Make it live. Raises ValidationError when it can no longer be applied."""
        with transaction.atomic():
            locked = PendingChange.objects.select_for_update().get(pk=self.pk)
            if locked.state != self.State.WAITING:
                raise ValidationError("This change was already decided.")
            live = self.live_object()
            if live is None:
                raise ValidationError("The record was deleted.")
            try:
                with transaction.atomic():
                    apply(live, self.effective(live), self.created_by)
            except (IntegrityError, ValidationError) as error:
                detail = " ".join(getattr(error, "messages", [str(error)]))
                raise ValidationError(
                    f"This change no longer fits the live record ({detail}); "
                    "reject it and ask its author to make it again."
                ) from error
            self._decide(self.State.APPROVED, user)

    def reject(self, user, comment):
        comment = comment.strip()
        if not comment:
            raise ValidationError("Say why, so the author knows what to change.")
        with transaction.atomic():
            locked = PendingChange.objects.select_for_update().get(pk=self.pk)
            if locked.state != self.State.WAITING:
                raise ValidationError("This change was already decided.")
            self.review_comment = comment
            self._decide(self.State.REJECTED, user)

    def _decide(self, state, user):
        self.state = state
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])


# --- Field-by-field comparison ---------------------------------------------------------------


@dataclass
class FieldDifference:
    label: str
    old: str
    new: str
    diff_html: str


def inline_diff(old, new):
    """Old and new text with removed words in <del> and added words in <ins>, escaped."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(format_html("<del>{}</del>", " ".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(format_html("<ins>{}</ins>", " ".join(new_words[b1:b2])))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def _show_value(model_field, value):
    """A stored value as people read it: choices by label, records by name."""
    if value is None or value == "":
        return "(empty)"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field is not None and model_field.is_relation and model_field.many_to_one:
        target = model_field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else f"(deleted, #{value})"
    return str(value)


def _show_links(model_field, values):
    if isinstance(model_field, TaggableManager):
        return ", ".join(values) or "(none)"
    names = model_field.related_model._default_manager.in_bulk(values)
    return ", ".join(str(names.get(pk, f"#{pk}")) for pk in values) or "(none)"


def _show_rows(model, name, child_fields, rows):
    related = getattr(model, name).rel.related_model
    # Ordered rows (a gallery's images) are numbered; others (a crew) are not, so that
    # removing one row does not show every later row as changed.
    numbered = "position" in child_fields
    lines = []
    for number, row in enumerate(rows, start=1):
        shown = []
        for child_field in child_fields:
            model_field = related._meta.get_field(child_field)
            if child_field == "position":
                continue
            shown.append(_show_value(model_field, row.get(child_field)))
        line = " — ".join(s for s in shown if s != "(empty)")
        lines.append(f"{number}. {line}" if numbered else line)
    return "\n".join(lines) or "(none)"


def compare(model, old, new, children=None):
    """[FieldDifference] for each field, link or child list that differs between snapshots.

    ``children`` ({related name: (field names,)}) says which child rows to compare; by
    default those the model's moderation registration names.
    """
    differences = []
    for part, empty, same, show in (
        ("fields", None, lambda a, b: a == b, _show_value),
        ("links", [], lambda a, b: sorted(a) == sorted(b), _show_links),
    ):
        for name in dict.fromkeys([*old.get(part, {}), *new.get(part, {})]):
            before, after = old[part].get(name, empty), new[part].get(name, empty)
            if same(before, after):
                continue
            model_field = model._meta.get_field(name)
            old_text, new_text = show(model_field, before), show(model_field, after)
            differences.append(
                FieldDifference(
                    str(model_field.verbose_name).capitalize(),
                    old_text,
                    new_text,
                    inline_diff(old_text, new_text),
                )
            )
    if children is None:
        opts = options(model)
        children = opts.children if opts else {}
    for name, child_fields in children.items():
        before, after = old.get("children", {}).get(name), new.get("children", {}).get(name)
        if before is None or after is None:
            continue
        strip = [{k: v for k, v in row.items() if k != "id"} for row in before]
        if strip == [{k: v for k, v in row.items() if k != "id"} for row in after]:
            continue
        related = getattr(model, name).rel.related_model
        old_text = _show_rows(model, name, child_fields, before)
        new_text = _show_rows(model, name, child_fields, after)
        diff = difflib.ndiff(old_text.splitlines(), new_text.splitlines())
        diff_html = format_html_join(
            "",
            "{}",
            (
                (
                    format_html("<del>{}</del><br>", line[2:])
                    if line.startswith("- ")
                    else format_html("<ins>{}</ins><br>", line[2:])
                    if line.startswith("+ ")
                    else format_html("{}<br>", line[2:]),
                )
                for line in diff
                if not line.startswith("? ")
            ),
        )
        differences.append(
            FieldDifference(
                str(related._meta.verbose_name_plural).capitalize(), old_text, new_text, diff_html
            )
        )
    return differences


# --- Staff previews --------------------------------------------------------------------------


def pending_for_preview(request, instance):
    """The waiting change named by ``?pending=<id>`` for this record, if this user may see it.

    Its author and those who may approve it see it; for anyone else (and for bad input) the
    page is the live one. A response showing it must not be cached.
    """
    change = pending_of_model_for_preview(request, type(instance))
    return change if change is not None and change.object_id == instance.pk else None


def pending_of_model_for_preview(request, model):
    """As ``pending_for_preview``, for a page that shows many records of ``model`` (the
    FAQ): the waiting change named, whichever of them it changes."""
    value = request.GET.get("pending", "")
    user = getattr(request, "user", None)
    if not value.isdigit() or len(value) > 18 or user is None or not user.is_authenticated:
        return None
    change = (
        PendingChange.objects.waiting()
        .filter(pk=int(value), content_type=ContentType.objects.get_for_model(model))
        .first()
    )
    if change is None:
        return None
    if change.created_by_id != user.pk and not can_approve(user, model):
        return None
    return change


def proposed_tags(instance, name, data):
    """The tags the change gives ``instance`` (its ``name`` tag field), as tag objects, for a
    preview: a tag the change would create is an unsaved one. One query."""
    names = data["links"].get(name)
    if names is None:
        return list(getattr(instance, name).all())
    tag_model = type(instance)._meta.get_field(name).related_model
    existing = {tag.name: tag for tag in tag_model._default_manager.filter(name__in=names)}
    return [existing.get(n) or tag_model(name=n, slug=slugify(n)) for n in names]


def proposed_links(data, name):
    """The primary keys of the records the change links by the many-to-many ``name``, or
    None when the change says nothing of it."""
    return data["links"].get(name)


def form_initial(instance, data):
    """A change's links and tags as a form's initial data, for reopening it in the admin
    (its fields go on the instance itself, with ``show_proposed``)."""
    initial = {}
    for link in _links(type(instance)):
        if link.name not in data["links"]:
            continue
        if isinstance(link, TaggableManager):
            initial[link.name] = edit_string_for_tags(proposed_tags(instance, link.name, data))
        else:
            initial[link.name] = data["links"][link.name]
    return initial


def show_proposed(instance, data):
    """Put the proposed field values on ``instance`` itself (not saved), for a preview."""
    for f in _fields(type(instance)):
        if f.name in data["fields"]:
            setattr(instance, f.attname, f.to_python(data["fields"][f.name]))
    return instance
