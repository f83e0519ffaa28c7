from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext

from gugustugas import figures, zones
from gugustugas.menu import menu_for

register = template.Library()

STATUS_CLASSES = {
    "not_formed": "text-bg-secondary",
    "forming": "text-bg-warning",
    "formed": "text-bg-success",
    "inactive": "text-bg-danger",
}


@register.filter
def rupiah(value) -> str:
    """Whole rupiah with Indonesian grouping, whatever the UI language: Rp 1.250.000."""
    return figures.rupiah(value)


@register.filter
def number(value) -> str:
    """A measured value in the UI language's way: 60,5 / 1.250 (60.5 / 1,250 in English)."""
    return figures.number_format(value)


@register.filter
def percent(value) -> str:
    """A percentage the same way on every page, as ``floatformat:1`` prints it: 45,5 %,
    45,0 % ("—" when there is no figure)."""
    if value is None or value == "":
        return "—"
    return f"{formats.number_format(figures.round_half_up(value), 1, use_l10n=True)} %"


@register.filter
def quarter(value) -> str:
    """A quarter number as its label: TW I (Q1 in English)."""
    return figures.quarter_label(int(value))


@register.filter
def zoned(value, zone) -> str:
    """A date and time as the wall clock of ``zone`` (a ``zones.Zone``, or anything with a
    ``zone``: a task force, a meeting) with its abbreviation: 27 November 2026 09.00 WIT."""
    if not value:
        return ""
    zone = getattr(zone, "zone", zone) or zones.WIB
    return f"{formats.date_format(zones.local(value, zone), 'DATETIME_FORMAT')} {zone}"


@register.filter
def zoned_time(value, zone) -> str:
    """Only the time of ``zoned``: 09.00 WIT."""
    if not value:
        return ""
    zone = getattr(zone, "zone", zone) or zones.WIB
    return f"{formats.time_format(zones.local(value, zone), 'TIME_FORMAT')} {zone}"


@register.filter
def status_class(value: str) -> str:
    return STATUS_CLASSES.get(value, "text-bg-light")


@register.filter
def verbose_name(obj) -> str:
    return str(obj._meta.verbose_name)


@register.simple_tag
def progress_bar(value, label: str) -> str:
    """A named progress bar (0-100 %) with valid ARIA values; None shows as "no target".
    Built here, not by an included template: a RAD page shows hundreds of them."""
    if value is None:
        return format_html(
            '<span class="text-muted">—<span class="visually-hidden"> {}</span></span>',
            gettext("No target for this year"),
        )
    shown = floatformat(value, 1)
    return format_html(
        '<div class="progress" role="progressbar" aria-label="{}" aria-valuenow="{}" '
        'aria-valuemin="0" aria-valuemax="100" aria-valuetext="{} %"><div class="progress-bar '
        'pct-{}">{} %</div></div>',
        label,
        floatformat(value, "1u"),
        shown,
        floatformat(value, "0u"),
        shown,
    )


@register.simple_tag(takes_context=True)
def task_force_menu(context, task_force) -> dict:
    """The side bar of a task force's pages (``gugustugas.menu.menu_for``): its modules
    with the links this user may follow, the current page's marked."""
    request = context.get("request")
    if request is None or task_force is None or not request.user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return menu_for(request.user, task_force, match.view_name if match else "")


@register.simple_tag(takes_context=True)
def workflow_steps(context, obj, names: str = "") -> list:
    """The workflow steps the current user may take on ``obj`` now (see
    ``includes/workflow_steps.html``); templates never test a state themselves. ``names``
    ("circulate redraft approve") keeps those steps only, for a page that shows a
    workflow's steps in more than one place."""
    steps = obj.steps_for(context["request"].user)
    if names:
        wanted = names.split()
        steps = [step for step in steps if step.name in wanted]
    return steps
