"""One search over everything public.

Each app describes what it makes searchable as SearchKind objects (its public
QuerySet, the fields that count as the title and as the body). On PostgreSQL
the search is full-text over each model's stored, GIN-indexed search_vector
(SearchIndexedModel), ranked, with highlighted excerpts; elsewhere it is a
simpler case-insensitive match where a title hit outranks a body hit.

Either way one SQL statement finds, ranks and counts the matches of every kind,
and only the records shown on the page are then read.
"""

import datetime
import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Now
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
EXCERPT_CHARS = 180
# Per kind: past it the page says "more than". A word found in most of 20,000 articles
# ranks only the most recent COUNT_LIMIT + 1 of them, which keeps a search fast
# however much is written; news readers want the recent matches first anyway.
COUNT_LIMIT = 1000
# How alike a word and a name must be to be taken for each other (difflib's ratio).
SPELLING_CUTOFF = 0.8
# How alike (pg_trgm's word similarity) for a name to be considered at all.
TRIGRAM_THRESHOLD = 0.3


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    queryset: callable  # () -> QuerySet of public records
    title_fields: tuple[str, ...]
    body_fields: tuple[str, ...] = ()
    # A title built in the database when no single field holds it (e.g. "Expedition 7").
    title_expression: object = None
    # Most recent first: which matches are ranked when there are more than COUNT_LIMIT.
    recent_first: tuple[str, ...] = ("-pk",)
    # Fields of names a misspelt query is corrected towards ("whitsn" -> "Whitson").
    name_fields: tuple[str, ...] = ()

    @classmethod
    def published(cls, model, **fields):
        """The kind of a model shown once published (``published()``), newest first."""
        return cls(
            # The database's clock: the search keeps its SQL and reuses it.
            queryset=lambda: model.objects.published(now=Now()),
            recent_first=("-publish_at",),
            **fields,
        )


@dataclass
class SearchResult:
    kind: SearchKind
    obj: object
    rank: float
    # What to mark in the excerpt: words, or (on PostgreSQL) word stems.
    terms: tuple[str, ...]
    stems: bool = False

    @cached_property
    def excerpt(self):
        """Made only for the results shown on the page."""
        return _excerpt(self.kind, self.obj, self.terms, self.stems)

    @property
    def title(self):
        return str(self.obj)

    @property
    def url(self):
        return self.obj.get_absolute_url()


def clean_query(raw: str) -> tuple[str, bool]:
    """The query to run, and whether it had to be shortened."""
    text = " ".join((raw or "").split())
    # Control characters and NUL bytes have no place in a search (PostgreSQL refuses NUL).
    text = "".join(ch for ch in text if ch.isprintable())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


class SearchResults(Sequence):
    """Every match of every kind, best first, for a Paginator.

    One statement ranks the matches and reads the best ``needed`` of them as
    (kind, pk, rank), with how many match (up to COUNT_LIMIT + 1 per kind).
    ``needed`` is the end of the page asked for; a later slice reads more. A
    slice then reads its records, one query per kind it shows.
    """

    def __init__(self, kinds, text: str, needed: int):
        self.kinds = list(kinds)
        self.text = text
        self.needed = needed
        self._read = None  # (needed, [(kind index, pk, rank)], total, more than counted)

    @property
    def _terms(self):
        if connection.vendor == "postgresql":
            # Read with the ranking (see _rank); without a match there is nothing to mark.
            return self._ranked(self.needed)[4], True
        return tuple(_words(self.text)), False

    def _ranked(self, needed):
        if self._read is None or self._read[0] < needed:
            if not self.text:
                self._read = (needed, [], 0, False, ())
            else:
                self._read = (needed, *_rank(self.kinds, self.text, needed))
        return self._read

    def __len__(self):
        return self._ranked(self.needed)[2]

    @property
    def more_than_counted(self):
        """Whether some kind has more matches than COUNT_LIMIT (the count is then a floor)."""
        return self._ranked(self.needed)[3]

    def __getitem__(self, index):
        if isinstance(index, slice):
            stop = len(self) if index.stop is None else index.stop
            return self._results(self._ranked(max(stop, self.needed))[1][index])
        return self._results([self._ranked(max(index + 1, self.needed))[1][index]])[0]

    def _results(self, ranked):
        """The records behind (kind index, pk, rank) rows, in the same order."""
        pks_by_kind = defaultdict(list)
        for kind_index, pk, _rank in ranked:
            pks_by_kind[kind_index].append(pk)
        records = {}
        for kind_index, pks in pks_by_kind.items():
            kind = self.kinds[kind_index]
            records.update(
                ((kind_index, obj.pk), obj) for obj in kind.queryset().filter(pk__in=pks)
            )
        terms, stems = self._terms
        return [
            SearchResult(self.kinds[kind_index], records[kind_index, pk], rank, terms, stems)
            for kind_index, pk, rank in ranked
            # Unpublished between the two reads: left out rather than shown.
            if (kind_index, pk) in records
        ]


def _rank(kinds, text, needed):
    """The best ``needed`` matches as (kind index, pk, rank), their count, "more than", and
    on PostgreSQL the stems searched for ("repairing" -> "repair", to mark in excerpts).

    Each kind contributes its matches, at most COUNT_LIMIT + 1 of them, the most
    recent first; the count is the sum of those, so it is exact up to the limit.
    """
    postgres = connection.vendor == "postgresql"
    parts, params = [], []
    for index, kind in enumerate(kinds):
        if postgres:
            sql, kind_params = _matches_postgres(kind, text)
        else:
            sql, kind_params = _matches_simple(kind, text)
        # The kind is a number written by this code, the SQL Django's; the rest are parameters.
        parts.append(
            f"SELECT {index:d} AS kind, m.search_pk AS pk, m.search_rank AS rank FROM ({sql}) m"  # noqa: S608
        )
        params.extend(kind_params)
    # The best rows, then one row per kind with its count in place of a rank. On PostgreSQL
    # the count rows also carry the query's stems: a query of their own would cost the
    # search one more (and a misspelt search that finds something, 11 in all).
    stems = "querytree(websearch_to_tsquery('english', %s))" if postgres else "NULL"
    statement = (
        f"WITH found AS ({' UNION ALL '.join(parts)})"  # noqa: S608 - built above
        " SELECT * FROM (SELECT kind, pk, rank, NULL AS stems FROM found"
        " ORDER BY rank DESC, kind, pk DESC LIMIT %s) best"
        f" UNION ALL SELECT kind, NULL, COUNT(*), {stems} FROM found GROUP BY kind"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, needed, *([text] if postgres else [])])
        rows = cursor.fetchall()
    best = [row[:3] for row in rows if row[1] is not None]
    best.sort(key=lambda row: (-row[2], row[0], -row[1]))  # a UNION keeps no order
    counts = [int(row[2]) for row in rows if row[1] is None]
    tree = next((row[3] for row in rows if row[1] is None), None) or ""
    return (
        best,
        sum(counts),
        max(counts, default=0) > COUNT_LIMIT,
        tuple(dict.fromkeys(re.findall(r"'([^']+)'", tree))),
    )


# Stands for the search text in kept SQL; never a real query (clean_query drops control characters).
_TEXT = "\x00search text\x00"
_kept_sql = {}


def _matches_postgres(kind: SearchKind, text: str):
    """SQL of (search_pk, search_rank) for a kind's most recent COUNT_LIMIT + 1 matches.

    Building the SQL of seven querysets costs more than running it, so each is built
    once per process with a stand-in for the text, which is put back in every search.
    Built per search instead, a search page takes half as much CPU again (+50-54%,
    3.8-4.3 ms; issue #20, docs/benchmarks.md), and most searches miss the page cache.
    """
    key = (kind.key, COUNT_LIMIT)
    if key not in _kept_sql:
        sql, params = _build_matches_postgres(kind)
        if any(isinstance(param, datetime.date) for param in params):
            # A time fixed in kept SQL would hide what is published after it.
            raise ImproperlyConfigured(
                f"The {kind.key!r} search queryset has a date or time in its SQL: "
                "read the database's clock instead, e.g. published(now=Now())."
            )
        _kept_sql[key] = sql, params
    sql, params = _kept_sql[key]
    return sql, [text if param == _TEXT else param for param in params]


def _build_matches_postgres(kind: SearchKind):
    from django.contrib.postgres.search import SearchQuery

    candidates = (
        kind.queryset()
        .filter(search_vector=SearchQuery(_TEXT, search_type="websearch", config="english"))
        .annotate(search_title=_title(kind))
        .order_by(*kind.recent_first)
        .values("search_vector", "search_title", search_pk=F("pk"))[: COUNT_LIMIT + 1]
    )
    sql, params = candidates.query.sql_with_params()
    # Ranked outside the limit, so only the candidates are ranked, not every match.
    rank = "ts_rank(c.search_vector, websearch_to_tsquery('english', %s))"
    # A title that is the query, or holds it, comes first ("Expedition 22" before an
    # article that mentions STS-122 and an expedition).
    boost = (
        "CASE WHEN lower(c.search_title) = lower(%s) THEN 2.0"
        " WHEN strpos(lower(c.search_title), lower(%s)) > 0 THEN 1.0 ELSE 0.0 END"
    )
    # Django's SQL; the text is a parameter.
    return (
        f"SELECT c.search_pk, {rank} + {boost} AS search_rank FROM ({sql}) c",  # noqa: S608
        [_TEXT, _TEXT, _TEXT, *params],
    )


def _title(kind: SearchKind):
    """The expression a kind's title is compared with: its built title or first title field."""
    if kind.title_expression is not None:
        return kind.title_expression
    if kind.title_fields:
        return F(kind.title_fields[0])
    return Value("")


def _words(text):
    return text.split()[:8]


def _matches_simple(kind: SearchKind, text: str):
    """SQL of (search_pk, search_rank).

    The title is the query: 3.0; the title holds the query: 2.0; every word is in the
    title: 1.0; the words are found in the body: 0.1.
    """
    base = kind.queryset()
    title_fields = kind.title_fields
    if kind.title_expression is not None:
        base = base.annotate(search_title=kind.title_expression)
        title_fields = ("search_title", *title_fields)
    title_match = Q()
    any_match = Q()
    for word in _words(text):
        title_match &= _any_field(title_fields, word)
        any_match &= _any_field((*title_fields, *kind.body_fields), word)
    rank = Case(
        When(_any_field(title_fields, text, "iexact"), then=Value(3.0)),
        When(_any_field(title_fields, text), then=Value(2.0)),
        When(title_match, then=Value(1.0)),
        default=Value(0.1),
        output_field=FloatField(),
    )
    candidates = (
        base.filter(any_match)
        .order_by(*kind.recent_first)
        .values(search_pk=F("pk"), search_rank=rank)[: COUNT_LIMIT + 1]
    )
    return candidates.query.sql_with_params()


def _any_field(fields, word, lookup="icontains"):
    match = Q()
    for name in fields:
        match |= Q(**{f"{name}__{lookup}": word})
    return match


def _excerpt(kind, obj, terms, stems=False):
    """A short piece of the body around the first term found, the terms marked.

    The body is read as plain text (Markdown's marks left out) and cut between words,
    with an ellipsis where it is cut. With ``stems``, a term marks every word that
    begins with it ("repair" marks "repairing"); otherwise it marks the term wherever
    it appears.
    """
    from .markdown import plain_text

    # The fields apart, so a spacewalk's airlock does not run into its crew's names.
    texts = (plain_text(str(_value(obj, name) or "")) for name in kind.body_fields)
    body = " · ".join(text for text in texts if text)
    if not body or not terms:
        return ""
    if stems:
        # A stem's final "i" was a "y" in the word ("harmoni" marks "Harmony").
        alternatives = "|".join(
            re.escape(term[:-1]) + "[iy]" if term.endswith("i") else re.escape(term)
            for term in terms
        )
        pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    else:
        pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    first = pattern.search(body)
    start, end = _word_bounds(body, max(first.start() - 40, 0) if first else 0)
    piece = body[start:end]
    # Escape the text between matches, so only our own <mark> tags are markup.
    html, position = [], 0
    for match in pattern.finditer(piece):
        html.append(escape(piece[position : match.start()]))
        html.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    html.append(escape(piece[position:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(body) else ""
    return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - escaped above


def _word_bounds(body, start):
    """Where an excerpt of about EXCERPT_CHARS from ``start`` begins and ends, between words."""
    if start > 0 and not body[start - 1].isspace():
        # Begin at the next word, not in the middle of this one.
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + EXCERPT_CHARS
    if end >= len(body):
        return start, len(body)
    if not body[end].isspace():
        # End after the last whole word.
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def _value(obj, dotted):
    for part in dotted.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def suggest(kinds, text):
    """The query with a misspelt name or title word corrected ("whitsn" -> "Whitson",
    "spacwalk" -> "spacewalk"), or None.

    One query reads the names and titles (each kind's ``name_fields`` and
    ``title_fields``: people, vehicles, modules, articles, galleries) that look like a
    word of the query: on PostgreSQL by pg_trgm's word similarity, elsewhere every one
    (a development database is small). Each word of four letters or more that is in no
    name or title is replaced by the closest word of one, if close.
    """
    words = _words(text)
    fixable = [word for word in words if len(word) >= 4 and word.isalpha()]
    if not fixable:
        return None
    vocabulary = {}
    for name in _names_like(kinds, fixable):
        for word in re.findall(r"\w+", name or ""):
            vocabulary.setdefault(word.lower(), word)
    corrected, changed = [], False
    for word in words:
        if word in fixable and word.lower() not in vocabulary:
            close = difflib.get_close_matches(word.lower(), vocabulary, n=1, cutoff=SPELLING_CUTOFF)
            if close:
                corrected.append(vocabulary[close[0]])
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed else None


def _names_like(kinds, words):
    from django.db.models.functions import Greatest

    postgres = connection.vendor == "postgresql"
    parts = []
    for kind in kinds:
        # Titles and names (a name that is also a title read once).
        for field in dict.fromkeys((*kind.title_fields, *kind.name_fields)):
            names = kind.queryset().order_by().exclude(**{field: ""})
            if postgres:
                from django.contrib.postgres.search import TrigramWordSimilarity

                similar = [TrigramWordSimilarity(word, field) for word in words]
                names = names.annotate(
                    likeness=similar[0] if len(similar) == 1 else Greatest(*similar)
                ).filter(likeness__gt=TRIGRAM_THRESHOLD)
            else:
                names = names.annotate(likeness=Value(0.0, output_field=FloatField()))
            parts.append(names.values_list(field, "likeness"))
    if not parts:
        return []
    union = parts[0].union(*parts[1:], all=True)
    union = union.order_by("-likeness")[:50] if postgres else union[:10000]
    return [name for name, _likeness in union]
