"""Scope Label Studio's annotation, draft and prediction endpoints to the user's organization.

Label Studio Community 1.23 checks the organization for projects and tasks, but
GET/PATCH/DELETE /api/annotations/<id>/ (and the draft and prediction detail endpoints) serve
any object by id: an annotator could read another organization's annotations by counting ids.
The task list (GET /api/tasks/?project=N) and annotation creation (POST
/api/tasks/<id>/annotations/) do not check the organization either: an annotator could list a
colleague's tasks with their annotations, or the adjudication project's, and annotate them.
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


def _other_organization(user: Any, organization_id: int | None) -> bool:
    if getattr(user, "is_superuser", False):
        return False
    return organization_id != getattr(user, "active_organization_id", None)


def _listed_in_own_organization(original: Any) -> Any:
    def get(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        from projects.models import Project
        from rest_framework.exceptions import NotFound

        raw = request.GET.get("project") or getattr(request, "data", {}).get("project")
        try:
            project_id = int(raw) if raw else 0
        except (TypeError, ValueError):
            project_id = 0
        if project_id:
            owner = Project.objects.filter(pk=project_id).values_list("organization_id", flat=True)
            if not owner or _other_organization(request.user, owner[0]):
                raise NotFound()
        return original(self, request, *args, **kwargs)

    return get


def _created_in_own_organization(original: Any) -> Any:
    def perform_create(self: Any, serializer: Any) -> Any:
        from rest_framework.exceptions import NotFound

        if _other_organization(self.request.user, self.parent_object.project.organization_id):
            raise NotFound()
        return original(self, serializer)

    return perform_create


def scope_list_views() -> None:
    """Scope the task list and annotation creation to the user's organization."""
    views = importlib.import_module("tasks.api")
    tasks, annotations = views.TaskListAPI, views.AnnotationsListAPI
    if not getattr(tasks, "_bohai_scoped", False):
        tasks.get = _listed_in_own_organization(tasks.get)
        tasks._bohai_scoped = True
    if not getattr(annotations, "_bohai_scoped", False):
        annotations.perform_create = _created_in_own_organization(annotations.perform_create)
        annotations._bohai_scoped = True
