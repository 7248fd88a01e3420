"""Scope Label Studio's annotation, draft and prediction endpoints to the user's organization.

Label Studio Community 1.23 checks the organization for projects and tasks, but
GET/PATCH/DELETE /api/annotations/<id>/ (and the draft and prediction detail endpoints) serve
any object by id: an annotator could read another organization's annotations by counting ids.
"""

import importlib
from typing import Any

# view class -> path from the object to its project's organization id
SCOPED = {
    "AnnotationAPI": "project__organization_id",
    "AnnotationConvertAPI": "project__organization_id",
    "AnnotationDraftAPI": "task__project__organization_id",
}


def _scoped(original: Any, field: str) -> Any:
    def get_queryset(self: Any) -> Any:
        queryset = original(self)
        user = self.request.user
        if getattr(user, "is_superuser", False):
            return queryset
        return queryset.filter(**{field: getattr(user, "active_organization_id", None)})

    return get_queryset


def scope_object_views() -> None:
    """Wrap get_queryset of each view that serves objects by id (once Django's apps are ready)."""
    views = importlib.import_module("tasks.api")
    for name, field in SCOPED.items():
        view = getattr(views, name)
        if not getattr(view, "_bohai_scoped", False):
            view.get_queryset = _scoped(view.get_queryset, field)
            view._bohai_scoped = True
