"""Staff roles. Each role is a Group; each app says what each role may do to its models.

An app declares it on its AppConfig, as ``role_permissions``: for each role, the model
names and the actions on them, e.g. ``{EDITORS: {"article": ("add", "change", "view")}}``.
A declaration, not a registration in ``ready()``: migrations call ``sync_roles`` whenever
an app adds models, and it reads every installed app's declaration there, so the groups
always match. A model that does not exist yet is skipped. Publishers may do all that
editors may, and what is declared for them besides.
"""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions

ALL = ("add", "change", "delete", "view")

EDITORS = "Editors"
PUBLISHERS = "Publishers"
DATA_EDITORS = "Data editors"
ROLES = (EDITORS, PUBLISHERS, DATA_EDITORS)


def role_permissions() -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """Each role's (app label, model, actions), from the installed apps' declarations."""
    declared = {role: [] for role in ROLES}
    for app_config in installed_apps.get_app_configs():
        for role, models in getattr(app_config, "role_permissions", {}).items():
            if role not in declared:
                raise ValueError(f"{app_config.label!r} declares an unknown role {role!r}.")
            declared[role] += [(app_config.label, model, acts) for model, acts in models.items()]
    declared[PUBLISHERS] = [*declared[EDITORS], *declared[PUBLISHERS]]
    return declared


def sync_roles(apps, schema_editor=None):
    """Create the role groups and give each exactly the permissions declared.

    ``apps`` is the migration's historical registry: the models as they are at that
    point. The declarations are the installed apps' own (they are not part of the state).
    """
    # Permissions are normally created after migrate; make them now so that
    # groups can hold them from the first migration on.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, entries in role_permissions().items():
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = []
        for app_label, model, actions in entries:
            for action in actions:
                codename = f"{action}_{model}"
                permission = permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if permission is not None:
                    permissions.append(permission)
        group.permissions.set(permissions)
