from issportal.search import SearchKind

from .models import Astronaut
from .models import Expedition
from .models import Module
from .models import Spacewalk
from .models import Visit

KINDS = [
    SearchKind(
        key="expedition",
        label="Expedition",
        queryset=lambda: Expedition.objects.all(),
        title_fields=(),
        title_expression=Expedition.title_expression,
        body_fields=("description", "crew_names"),
        recent_first=("-number",),
    ),
    SearchKind(
        key="astronaut",
        label="Crew member",
        queryset=lambda: Astronaut.objects.select_related("agency"),
        title_fields=("name", "aliases"),
        body_fields=("bio",),
        name_fields=("name", "aliases"),
    ),
    SearchKind(
        key="spacewalk",
        label="Spacewalk",
        queryset=lambda: Spacewalk.objects.all(),
        title_fields=("designation",),
        body_fields=("purpose", "mission", "airlock", "crew_names"),
        recent_first=("-date",),
    ),
    SearchKind(
        key="visit",
        label="Visiting vehicle",
        queryset=lambda: Visit.objects.select_related("spacecraft_type"),
        title_fields=("name",),
        body_fields=("port", "crew_names"),
        name_fields=("name",),
        recent_first=("-arrival_date",),
    ),
    SearchKind(
        key="module",
        label="Module",
        queryset=lambda: Module.objects.all(),
        title_fields=("name",),
        body_fields=("kind", "description"),
        name_fields=("name",),
    ),
]
