"""Dashboard panels contributed by the apps that build on the core.

The dashboard belongs to the core app, which imports no app to its right; an app adds
what its users should see first (a plan's progress, the next budget deadlines) by
registering a function here in its ``AppConfig.ready``. Each function takes the request
and one task force and returns ``{"template": ..., **context}`` or None.
"""

from collections.abc import Callable

Panel = Callable[..., dict | None]
_panels: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def panels_for(request, task_force) -> list[dict]:
    return [result for panel in _panels if (result := panel(request, task_force))]
