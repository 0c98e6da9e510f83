"""The admin's user and group pages with permissions named in the reader's language.

Django stores a permission's name in the database, in English ("Can add place"), and shows it
as it is stored. Here the four default permissions of each model are named from the model's
translated name instead (``Can add %(name)s``), the history models of django-simple-history
included; any other permission keeps its stored name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def model_name(model: type[models.Model]) -> str:
    """A model's name in the reader's language; a history model is named after its model, the
    table that links a model to its many-to-many field's objects after that model."""
    base = getattr(model, "instance_type", None)  # set by django-simple-history on history models
    if base is not None:
        return gettext("history of %(name)s") % {"name": model_name(base)}
    owner: Any = model._meta.auto_created  # the model whose many-to-many field made this table
    if owner:
        return gettext("links of %(name)s") % {"name": owner._meta.verbose_name}
    return str(model._meta.verbose_name)


def permission_label(permission: Permission) -> str:
    """``app | model | what it allows``, every part in the reader's language where we can."""
    content_type = permission.content_type
    model = content_type.model_class()
    action = permission.codename.partition("_")[0]
    if model is None or action not in ACTIONS or permission.codename != f"{action}_{model._meta.model_name}":
        return str(permission)
    name = model_name(model)
    app = apps.get_app_config(content_type.app_label).verbose_name
    return f"{app} | {name} | {ACTIONS[action] % {'name': name}}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:
        return permission_label(obj)


def permissions_formfield(db_field: models.ManyToManyField[Any, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The form field arguments of a permission chooser: named with permission_label."""
    if db_field.name in ("permissions", "user_permissions"):
        kwargs["form_class"] = PermissionsField
    return kwargs


class LabelledGroupAdmin(GroupAdmin):
    def formfield_for_manytomany(self, db_field: Any, request: Any = None, **kwargs: Any) -> Any:
        return super().formfield_for_manytomany(db_field, request, **permissions_formfield(db_field, kwargs))


class LabelledUserAdmin(UserAdmin):
    def formfield_for_manytomany(self, db_field: Any, request: Any = None, **kwargs: Any) -> Any:
        return super().formfield_for_manytomany(db_field, request, **permissions_formfield(db_field, kwargs))


def install(site: admin.AdminSite = admin.site) -> None:
    """Replace Django's user and group admins on ``site`` with the labelled ones (once), and
    name django-axes' status column (its header would be the method's English name)."""
    from axes.admin import AccessAttemptAdmin

    AccessAttemptAdmin.status.short_description = _("status")
    labelled: list[tuple[Any, Any]] = [(Group, LabelledGroupAdmin), (User, LabelledUserAdmin)]
    for model, model_admin in labelled:
        if not isinstance(site._registry.get(model), model_admin):
            if site.is_registered(model):
                site.unregister(model)
            site.register(model, model_admin)
