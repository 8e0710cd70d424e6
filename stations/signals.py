"""Keeps the crew's names on expeditions, spacewalks and visits current (see crew_names)."""

from django.db.models.signals import m2m_changed
from django.db.models.signals import post_delete
from django.db.models.signals import post_save
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .crew_names import refresh_crew_names
from .models import Astronaut
from .models import Expedition
from .models import ExpeditionMember
from .models import Spacewalk
from .models import SpacewalkCrew
from .models import Visit


@receiver(post_save, sender=ExpeditionMember, dispatch_uid="stations_member_saved")
@receiver(post_delete, sender=ExpeditionMember, dispatch_uid="stations_member_deleted")
def expedition_crew_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_crew_names(Expedition, [instance.expedition_id])


@receiver(post_save, sender=SpacewalkCrew, dispatch_uid="stations_spacewalk_crew_saved")
@receiver(post_delete, sender=SpacewalkCrew, dispatch_uid="stations_spacewalk_crew_deleted")
def spacewalk_crew_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_crew_names(Spacewalk, [instance.spacewalk_id])


@receiver(m2m_changed, sender=Visit.crew.through, dispatch_uid="stations_visit_crew_changed")
def visit_crew_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            refresh_crew_names(Visit, [instance.pk])
    elif action == "pre_clear":
        # Cleared from the person's side: the visits are known only before the clear.
        instance._cleared_visit_pks = list(instance.visits.values_list("pk", flat=True))
    else:
        pks = pk_set if action != "post_clear" else getattr(instance, "_cleared_visit_pks", [])
        refresh_crew_names(Visit, list(pks or []))


@receiver(post_save, sender=Astronaut, dispatch_uid="stations_astronaut_renamed")
def astronaut_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A new name reaches every record that lists the person."""
    if raw or created or (update_fields is not None and "name" not in update_fields):
        return
    refresh_crew_names(
        Expedition, list(instance.memberships.values_list("expedition_id", flat=True))
    )
    refresh_crew_names(
        Spacewalk, list(instance.spacewalk_links.values_list("spacewalk_id", flat=True))
    )
    refresh_crew_names(Visit, list(instance.visits.values_list("pk", flat=True)))


@receiver(pre_delete, sender=Astronaut, dispatch_uid="stations_astronaut_deleting")
def astronaut_deleting(sender, instance, **kwargs):
    # Deleting a person deletes their visit links without m2m_changed: note the visits.
    instance._visit_pks = list(instance.visits.values_list("pk", flat=True))


@receiver(post_delete, sender=Astronaut, dispatch_uid="stations_astronaut_deleted")
def astronaut_deleted(sender, instance, **kwargs):
    refresh_crew_names(Visit, getattr(instance, "_visit_pks", []))
