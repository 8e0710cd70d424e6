"""Reading the CSV files: each row parses its own fields and names its file, line and
field in any error."""

import csv
import datetime
from pathlib import Path


class DataFileError(Exception):
    """A bad row: names the file, the line and the field."""

    def __init__(self, path, line, field_name, message):
        self.path, self.line, self.field_name = path, line, field_name
        where = f"{Path(path).name}, line {line}" if line else Path(path).name
        if field_name:
            where += f", field {field_name!r}"
        super().__init__(f"{where}: {message}")


class Row:
    """One CSV row, with parsers that report errors against its line."""

    def __init__(self, path, line, values):
        self.path, self.line, self.values = path, line, values

    def error(self, field_name, message):
        return DataFileError(self.path, self.line, field_name, message)

    def text(self, name, required=False):
        if name not in self.values:
            raise self.error(name, "column is missing")
        value = (self.values[name] or "").strip()
        if required and not value:
            raise self.error(name, "a value is required")
        return value

    def integer(self, name, required=False):
        value = self.text(name, required)
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise self.error(name, f"{value!r} is not a whole number") from None

    def date(self, name, required=False):
        return self.moment(name, required)[0]

    def moment(self, name, required=False):
        """(date, datetime or None): a bare date keeps its precision."""
        value = self.text(name, required)
        if not value:
            return None, None
        try:
            if "T" not in value:
                return datetime.date.fromisoformat(value), None
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self.error(
                name, f"{value!r} is not a date (YYYY-MM-DD) or UTC time (YYYY-MM-DDTHH:MMZ)"
            ) from None
        if moment.utcoffset() != datetime.timedelta(0):
            raise self.error(name, f"{value!r} must be in UTC (end it with Z)")
        return moment.date(), moment.astimezone(datetime.UTC)

    def choice(self, name, choices, required=True):
        value = self.text(name, required)
        if value and value not in choices:
            raise self.error(name, f"{value!r} is not one of {', '.join(sorted(choices))}")
        return value

    def names(self, name):
        return [part.strip() for part in self.text(name).split("|") if part.strip()]

    def optional(self, name):
        """An optional column's text: older data sets do not have it."""
        return (self.values.get(name) or "").strip()


def read_rows(path):
    if not path.is_file():
        raise DataFileError(path, 0, None, "file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for values in reader:
            # DictReader's line_num is the line where the row ends.
            yield Row(path, reader.line_num, values)


def read_optional_rows(path):
    """The rows of a file older data sets do not have; none when it is missing."""
    if path.is_file():
        yield from read_rows(path)
