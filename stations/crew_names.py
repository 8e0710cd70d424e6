"""The crew's names on expeditions, spacewalks and visits, so a search for a person finds them.

A search vector is computed from a record's own columns, so each of these records keeps
its crew's names in ``crew_names`` (weighted below its title, above its description).
stations.signals calls ``refresh_crew_names`` whenever a crew link or a name changes; the
migration that added the column filled it the same way.
"""

from collections import defaultdict

# Model name: (the link model's name, its field for the record), as in the app registry.
LINKS = {
    "Expedition": ("ExpeditionMember", "expedition"),
    "Spacewalk": ("SpacewalkCrew", "spacewalk"),
    "Visit": ("Visit_crew", "visit"),
}


def crew_names_by_pk(model, link_model, field, pks=None):
    """{record pk: "Name One, Name Two"} in the order the links were made."""
    links = link_model._default_manager.all()
    if pks is not None:
        links = links.filter(**{f"{field}_id__in": pks})
    names = defaultdict(list)
    for pk, name in links.order_by("pk").values_list(f"{field}_id", "astronaut__name"):
        names[pk].append(name)
    return {pk: ", ".join(values) for pk, values in names.items()}


def refresh_crew_names(model, pks=None, link_model=None, fields_by_weight=None):
    """Recompute ``crew_names`` of the given records (all when ``pks`` is None).

    Only the records whose names changed are written, and their search vectors with them.
    ``link_model`` and ``fields_by_weight`` are given by migrations (historical models).
    """
    from django.apps import apps as global_apps
    from django.db import connection

    from issportal.models import weighted_search_vector

    link_name, field = LINKS[model.__name__]
    if link_model is None:
        link_model = (
            model.crew.through
            if model.__name__ == "Visit"
            else global_apps.get_model("stations", link_name)
        )
    if fields_by_weight is None:
        fields_by_weight = model.search_fields_by_weight
    wanted = crew_names_by_pk(model, link_model, field, pks)
    records = model._default_manager.all()
    if pks is not None:
        records = records.filter(pk__in=pks)
    changed = []
    for pk, current in records.values_list("pk", "crew_names"):
        names = wanted.get(pk, "")
        if names != current:
            model._default_manager.filter(pk=pk).update(crew_names=names)
            changed.append(pk)
    if changed and connection.vendor == "postgresql":
        model._default_manager.filter(pk__in=changed).update(
            search_vector=weighted_search_vector(fields_by_weight)
        )
    return changed
