"""Run by Label Studio's interpreter at start-up (PYTHONPATH): scope its object endpoints.

Label Studio reads its own settings module, so the hook goes after Django's app registry is
populated instead of into INSTALLED_APPS.
"""

import os

if os.environ.get("BOHAI_LS_SCOPE_OBJECTS") == "1":
    try:
        from django.apps import registry
    except ImportError:  # not Label Studio's interpreter
        registry = None
    if registry is not None:
        _populate = registry.Apps.populate

        def _populate_then_scope(self: registry.Apps, installed_apps: object = None) -> None:
            _populate(self, installed_apps)
            if self.ready:
                from bohai_ls.scope import scope_list_views, scope_object_views

                scope_object_views()
                scope_list_views()

        registry.Apps.populate = _populate_then_scope
