"""Panels contributed by the apps that build on the core (or on each other).

The dashboard belongs to the core app, which imports no app to its right; an app adds
what its users should see first (a plan's progress, the next budget deadlines) by
registering a function here in its ``AppConfig.ready``. Each function takes the request
and one task force and returns ``{"template": ..., **context}`` or None.

The same mechanism serves other pages whose owner must not import the app that adds to
them: ``plan_panels`` are shown on a plan's page (``actionplans`` may not import
``monitoring``, which shows the plan's evaluations and the corrective actions waiting
for its revision there). Their functions take the request and the plan.
"""

from collections.abc import Callable

Panel = Callable[..., dict | None]


class PanelRegistry:
    """Functions that each return one panel (a template and its context) or None."""

    def __init__(self) -> None:
        self._panels: list[Panel] = []

    def register(self, panel: Panel) -> Panel:
        if panel not in self._panels:
            self._panels.append(panel)
        return panel

    def panels_for(self, request, obj) -> list[dict]:
        return [result for panel in self._panels if (result := panel(request, obj))]


dashboard_panels = PanelRegistry()
plan_panels = PanelRegistry()

# The dashboard's registry under its first names, used by every app.
register = dashboard_panels.register
panels_for = dashboard_panels.panels_for
