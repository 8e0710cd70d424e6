"""Staff roles. Each role is a Group whose permissions are listed here, once.

Migrations call ``sync_roles`` whenever an app adds models, so the groups
always match this table. A model that does not exist yet is skipped.
"""

ALL = ("add", "change", "delete", "view")

STATION_MODELS = (
    "agency",
    "astronaut",
    "expedition",
    "expeditionmember",
    "commandterm",
    "spacewalk",
    "spacewalkcrew",
    "spacecrafttype",
    "visit",
    "visitport",
    "stay",
    "module",
    "datasource",
    "question",
)

EDITORS = "Editors"
PUBLISHERS = "Publishers"
DATA_EDITORS = "Data editors"

_editor_permissions = [
    ("news", "article", ("add", "change", "view")),
    ("media_gallery", "gallery", ("add", "change", "view")),
    ("media_gallery", "galleryimage", ALL),
    ("media_gallery", "image", ("add", "change", "view")),
    ("news", "articletag", ("add", "view")),
    ("media_gallery", "imagetag", ("add", "view")),
    # The FAQ is site text: editors write it as well as the data editors.
    ("stations", "question", ALL),
]

ROLE_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    EDITORS: _editor_permissions,
    PUBLISHERS: [
        *_editor_permissions,
        ("news", "article", ("delete", "publish")),
        ("media_gallery", "gallery", ("delete", "publish")),
        ("media_gallery", "image", ("delete",)),
    ],
    DATA_EDITORS: [("stations", model, ALL) for model in STATION_MODELS],
}


def sync_roles(apps, schema_editor=None):
    """Create the role groups and give each exactly the permissions listed above."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make them now so that
    # groups can hold them from the first migration on.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, entries in ROLE_PERMISSIONS.items():
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
