from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from issportal.search import SearchKind

from .models import Astronaut, Expedition, Module, Spacewalk, Visit

KINDS = [
    SearchKind(
        key="expedition",
        label="Expedition",
        queryset=lambda: Expedition.objects.all(),
        title_fields=(),
        title_expression=Concat(Value("Expedition "), Cast("number", CharField())),
        body_fields=("description",),
    ),
    SearchKind(
        key="astronaut",
        label="Crew member",
        queryset=lambda: Astronaut.objects.select_related("agency"),
        title_fields=("name", "aliases"),
        body_fields=("bio",),
        vector_field="search_vector",
    ),
    SearchKind(
        key="spacewalk",
        label="Spacewalk",
        queryset=lambda: Spacewalk.objects.all(),
        title_fields=("designation",),
        body_fields=("purpose", "mission", "airlock"),
        vector_field="search_vector",
    ),
    SearchKind(
        key="visit",
        label="Visiting vehicle",
        queryset=lambda: Visit.objects.select_related("spacecraft_type"),
        title_fields=("name",),
        body_fields=("port",),
        vector_field="search_vector",
    ),
    SearchKind(
        key="module",
        label="Module",
        queryset=lambda: Module.objects.all(),
        title_fields=("name",),
        body_fields=("kind", "description"),
    ),
]
