from django import template

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
    if value in (None, ""):
        return ""
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


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
def query_transform(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def workflow_steps(context, obj) -> list:
    """The workflow steps the current user may take on ``obj`` now (see
    ``includes/workflow_steps.html``); templates never test a state themselves."""
    return obj.steps_for(context["request"].user)
