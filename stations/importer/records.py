"""What a load has read so far, and the one way it writes a record.

A record is written only when one of its values differs from the file's, so a second
load of the same files writes nothing. Values compare as stored: a related record by
its primary key.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models


def normalize_name(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace(".", " ").replace("’", "'")).strip().casefold()


@dataclass
class Counts:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def record(self, label, outcome):
        getattr(self, outcome)[label] += 1

    def total(self, label):
        return self.created[label] + self.updated[label] + self.unchanged[label]

    @property
    def changed(self):
        return sum(self.created.values()) + sum(self.updated.values())


def plain(value):
    """A value as a column stores it: a related record by its primary key."""
    return value.pk if isinstance(value, models.Model) else value


def stored(record, name):
    """A field's stored value: a foreign key's id rather than the record it names."""
    return getattr(record, record._meta.get_field(name).attname)


def key_of(lookup):
    """The key ``by_key`` files a record under, from the field values that find it."""
    return tuple(plain(value) for value in lookup.values())


def by_key(records, *names):
    """Records by the stored values of the named fields (in a lookup's order)."""
    return {tuple(stored(record, name) for name in names): record for record in records}


def validate(row, record):
    """The model's own checks; the first failure names the row's line and field."""
    try:
        record.full_clean(validate_unique=False)
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise row.error(field_name, " ".join(messages)) from None


@dataclass
class Loaded:
    """The records loaded so far, by the keys other files name them with, and the counts."""

    counts: Counts = field(default_factory=Counts)
    sources: dict = field(default_factory=dict)
    agencies: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    people_by_name: dict = field(default_factory=dict)
    expeditions: dict = field(default_factory=dict)
    spacecraft_types: dict = field(default_factory=dict)
    visits: dict = field(default_factory=dict)

    def save(self, row, label, model, existing, lookup, values):
        """Create or update one record; write only when something differs."""
        record = existing.get(key_of(lookup))
        if record is None:
            record = model(**lookup, **values)
            outcome = "created"
        else:
            changes = {
                name: value
                for name, value in values.items()
                if stored(record, name) != plain(value)
            }
            if not changes:
                self.counts.record(label, "unchanged")
                return record
            for name, value in changes.items():
                setattr(record, name, value)
            outcome = "updated"
        validate(row, record)
        record.save()
        existing[key_of(lookup)] = record
        self.counts.record(label, outcome)
        return record

    def remove_unlisted(self, label, model, existing, listed):
        """A file that lists the records of a parent (the key's first value) lists all
        of them: remove those parents' records it no longer lists."""
        parents = {key[0] for key in listed}
        unlisted = [
            record.pk for key, record in existing.items() if key[0] in parents and key not in listed
        ]
        if unlisted:
            model.objects.filter(pk__in=unlisted).delete()
            self.counts.updated[label] += len(unlisted)

    # The records other files name ------------------------------------------
    def named(self, row, field_name, records, unknown, required=True):
        """The record a column names by its key; ``unknown`` says what any other key is."""
        key = row.text(field_name, required)
        if not key:
            return None
        if key not in records:
            raise row.error(field_name, unknown.format(key))
        return records[key]

    def source(self, row):
        source = self.named(row, "source", self.sources, "unknown source {!r} (not in sources.csv)")
        return {"source": source, "source_detail": row.optional("source_detail")}

    def agency(self, row, field_name, required=True):
        return self.named(row, field_name, self.agencies, "unknown agency {!r}", required)

    def spacecraft_type(self, row, field_name):
        return self.named(row, field_name, self.spacecraft_types, "unknown spacecraft type {!r}")

    def visit(self, row, field_name, required=True):
        unknown = "unknown visit {!r} (not in visits.csv)"
        return self.named(row, field_name, self.visits, unknown, required)

    def person(self, row, field_name, name):
        """A person by slug, name or alias, in any of the spellings normalize_name joins."""
        slug = self.people_by_name.get(normalize_name(name)) or (
            name if name in self.people else None
        )
        if slug is None:
            raise row.error(field_name, f"unknown person {name!r} (not a name or alias)")
        return self.people[slug]

    def expedition(self, row, field_name, required=True):
        number = row.integer(field_name, required)
        if number is None:
            return None
        if number not in self.expeditions:
            raise row.error(field_name, f"unknown expedition {number}")
        return self.expeditions[number]
