"""One search over everything public.

Each app describes what it makes searchable as SearchKind objects (its public
QuerySet, the fields that count as the title and as the body). On PostgreSQL
the search is full-text, ranked, with highlighted excerpts; elsewhere it is a
simpler case-insensitive match where a title hit outranks a body hit.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
EXCERPT_CHARS = 180
COUNT_LIMIT = 1000  # per kind; past it the page says "more than"


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    queryset: callable  # () -> QuerySet of public records
    title_fields: tuple[str, ...]
    body_fields: tuple[str, ...] = ()
    # A title built in the database when no single field holds it (e.g. "Expedition 7").
    title_expression: object = None
    prefetch: tuple[str, ...] = field(default=())
    # A stored, indexed tsvector (SearchIndexedModel) that PostgreSQL searches instead.
    vector_field: str | None = None


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

    Each kind is one query that reads only the best ``needed`` rows, plus how many
    match (up to COUNT_LIMIT + 1), so a common word among thousands of articles
    costs one page of objects, not thousands. ``needed`` is the end of the page
    asked for; a later slice reads more.
    """

    def __init__(self, kinds, text: str, needed: int):
        self.kinds = kinds
        self.text = text
        self.needed = needed
        self._read = None  # (needed, results, total, more than counted)

    def _results(self, needed):
        if self._read is None or self._read[0] < needed:
            if not self.text:
                self._read = (needed, [], 0, False)
            else:
                if connection.vendor == "postgresql":
                    stems = _query_stems(self.text)
                    per_kind = [_search_postgres(k, self.text, stems, needed) for k in self.kinds]
                else:
                    per_kind = [_search_simple(k, self.text, needed) for k in self.kinds]
                results = [r for found, _total in per_kind for r in found]
                results.sort(key=lambda r: (-r.rank, r.kind.key, r.title))
                totals = [total for _found, total in per_kind]
                self._read = (needed, results, sum(totals), max(totals) > COUNT_LIMIT)
        return self._read

    def __len__(self):
        return self._results(self.needed)[2]

    @property
    def more_than_counted(self):
        """Whether some kind has more matches than COUNT_LIMIT (the count is then a floor)."""
        return self._results(self.needed)[3]

    def __getitem__(self, index):
        if isinstance(index, slice):
            stop = len(self) if index.stop is None else index.stop
            return self._results(max(stop, self.needed))[1][index]
        return self._results(max(index + 1, self.needed))[1][index]


def _best(queryset, needed):
    """The best ``needed`` rows, and how many match in all, up to COUNT_LIMIT + 1.

    The count is a subquery of the same query that stops at COUNT_LIMIT + 1 rows:
    an exact count of a word found in most articles would cost as much as the
    ranking itself.
    """
    capped = queryset.order_by().values("pk")[: COUNT_LIMIT + 1]
    sql, params = capped.query.sql_with_params()
    # The inner SQL and its parameters come from Django's compiler, the search text a parameter.
    total = RawSQL(f"SELECT COUNT(*) FROM ({sql}) capped", params, output_field=IntegerField())  # noqa: S608, S611
    rows = list(queryset.annotate(search_total=total)[:needed])
    return rows, (rows[0].search_total if rows else 0)


def _query_stems(text):
    """The stems PostgreSQL searches for ("repairing" -> "repair"), to mark in excerpts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT querytree(websearch_to_tsquery('english', %s))", [text])
        tree = cursor.fetchone()[0] or ""
    return tuple(dict.fromkeys(re.findall(r"'([^']+)'", tree)))


def _search_postgres(kind: SearchKind, text: str, stems, needed):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models import TextField
    from django.db.models.functions import Cast, Coalesce

    query = SearchQuery(text, search_type="websearch", config="english")
    if kind.vector_field:
        vector = F(kind.vector_field)
        matching = kind.queryset().filter(**{kind.vector_field: query})  # the GIN index
    else:

        def as_text(name):
            return Coalesce(Cast(name, TextField()), Value(""), output_field=TextField())

        title_parts = (
            [Cast(kind.title_expression, TextField())] if kind.title_expression is not None else []
        )
        title_parts += [as_text(name) for name in kind.title_fields]
        vector = SearchVector(*title_parts, weight="A", config="english")
        if kind.body_fields:
            vector += SearchVector(
                *[as_text(n) for n in kind.body_fields], weight="C", config="english"
            )
        matching = kind.queryset()
    queryset: QuerySet = (
        matching.annotate(search_rank=SearchRank(vector, query))
        .filter(search_rank__gt=0)
        .order_by("-search_rank")
    )
    if kind.vector_field:
        queryset = queryset.defer(kind.vector_field)  # for the database only
    if kind.prefetch:
        queryset = queryset.prefetch_related(*kind.prefetch)
    rows, total = _best(queryset, needed)
    return [SearchResult(kind, obj, obj.search_rank, stems, stems=True) for obj in rows], total


def _search_simple(kind: SearchKind, text: str, needed):
    words = text.split()[:8]
    base = kind.queryset()
    title_fields = kind.title_fields
    if kind.title_expression is not None:
        base = base.annotate(search_title=kind.title_expression)
        title_fields = ("search_title", *title_fields)
    title_match = Q()
    any_match = Q()
    for word in words:
        title_match &= _any_field(title_fields, word)
        any_match &= _any_field((*title_fields, *kind.body_fields), word)
    # A title hit outranks a body hit; one query per kind.
    rank = Case(When(title_match, then=Value(1.0)), default=Value(0.1), output_field=FloatField())
    queryset = base.filter(any_match).annotate(search_rank=rank).distinct()
    if kind.prefetch:
        queryset = queryset.prefetch_related(*kind.prefetch)
    rows, total = _best(queryset.order_by("-search_rank"), needed)
    return [SearchResult(kind, obj, obj.search_rank, tuple(words)) for obj in rows], total


def _any_field(fields, word):
    match = Q()
    for name in fields:
        match |= Q(**{f"{name}__icontains": word})
    return match


def _excerpt(kind, obj, terms, stems=False):
    """A short piece of the body around the first term found, the terms marked.

    With ``stems``, a term marks every word that begins with it ("repair" marks
    "repairing"); otherwise it marks the term wherever it appears.
    """
    body = " ".join(str(_value(obj, name) or "") for name in kind.body_fields).strip()
    if not body or not terms:
        return ""
    alternatives = "|".join(re.escape(term) for term in terms)
    pattern = re.compile(rf"\b(?:{alternatives})\w*" if stems else alternatives, re.IGNORECASE)
    first = pattern.search(body)
    start = max(first.start() - 40, 0) if first else 0
    piece = body[start : start + EXCERPT_CHARS]
    # Escape the text between matches, so only our own <mark> tags are markup.
    html, position = [], 0
    for match in pattern.finditer(piece):
        html.append(escape(piece[position : match.start()]))
        html.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    html.append(escape(piece[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_CHARS < len(body) else ""
    return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - escaped above


def _value(obj, dotted):
    for part in dotted.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj
