from django import template

from gugustugas import figures

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
def quarter(value) -> str:
    """A quarter number as its label: TW I (Q1 in English)."""
    return figures.quarter_label(int(value))


@register.filter
def status_class(value: str) -> str:
    return STATUS_CLASSES.get(value, "text-bg-light")


@register.filter
def verbose_name(obj) -> str:
    return str(obj._meta.verbose_name)


@register.inclusion_tag("includes/progress_bar.html")
def progress_bar(value, label: str) -> dict:
    """A named progress bar (0-100 %) with valid ARIA values; None shows as "no target"."""
    return {"value": value, "label": label}


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
