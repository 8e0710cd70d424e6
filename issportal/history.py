"""Revisions (django-reversion) read as moderation snapshots, so both compare the same way.

A revision holds the record and the rows it follows (a gallery's images, an article's tag
links); ``snapshot`` turns one version of a record into the shape ``moderation.compare``
reads: fields, many-to-many links, tags and child rows.
"""

from taggit.managers import TaggableManager

from . import moderation


def children(model_admin):
    """The child rows a revision is compared with, {related name: (field names,)}: those
    moderation registers for the model, else the rows of its admin's inlines, with the
    model fields each inline shows. Reversion's registration (VersionAdmin's) follows the
    same inlines, so each revision holds these rows."""
    opts = moderation.options(model_admin.model)
    if opts is not None and opts.children:
        return opts.children
    found = {}
    for inline in model_admin.inlines:
        fk = next(
            f
            for f in inline.model._meta.concrete_fields
            if f.many_to_one
            and (
                f.name == inline.fk_name
                if inline.fk_name
                else issubclass(model_admin.model, f.related_model)
            )
        )
        editable = {f.name for f in moderation._fields(inline.model)} - {fk.name}
        shown = [n for n in inline.fields if n in editable] if inline.fields else sorted(editable)
        found[fk.remote_field.get_accessor_name()] = tuple(shown)
    return found


def snapshot(version, children=None):
    """The version as a moderation snapshot; ``children`` as ``children()`` gives them
    (by default, those moderation registers for the model)."""
    model = version._model
    values = version.field_dict
    data = {"fields": {}, "links": {}, "children": {}}
    for field in moderation._fields(model):
        if field.attname in values:
            data["fields"][field.name] = moderation._encode(values[field.attname])
    followed = list(version.revision.version_set.all())
    for link in moderation._links(model):
        if isinstance(link, TaggableManager):
            tag_ids = [
                row.field_dict["tag_id"]
                for row in followed
                if row._model is link.through
                and str(row.field_dict.get("content_object_id")) == version.object_id
            ]
            if tag_ids or any(row._model is link.through for row in followed):
                names = link.related_model._default_manager.in_bulk(tag_ids)
                data["links"][link.name] = sorted(str(names[pk]) for pk in tag_ids if pk in names)
        elif link.attname in values:
            data["links"][link.name] = sorted(values[link.attname])
    if children is None:
        opts = moderation.options(model)
        children = opts.children if opts else {}
    for name, child_fields in children.items():
        related_field = getattr(model, name).field
        rows = []
        for row in followed:
            if row._model is not related_field.model:
                continue
            row_values = row.field_dict
            if str(row_values.get(related_field.attname)) != version.object_id:
                continue
            attnames = {n: related_field.model._meta.get_field(n).attname for n in child_fields}
            rows.append(
                {
                    "id": int(row.object_id),
                    **{n: moderation._encode(row_values[a]) for n, a in attnames.items()},
                }
            )
        ordering = [n for n in ("position",) if n in child_fields]
        rows.sort(key=lambda r: (*(r[n] for n in ordering), r["id"]))
        data["children"][name] = rows
    return data
