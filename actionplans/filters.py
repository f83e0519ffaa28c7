import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplans.models import Activity, Area, ProgressStatus, Section
from members.models import Agency


class ActivityFilter(django_filters.FilterSet):
    """Filters of the plan page. Status and "overdue" depend on the year's progress, which
    is computed in Python by the one progress rule, so the view applies those two."""

    section = django_filters.ModelChoiceFilter(queryset=Section.objects.none(), label=_("Sub-GT"))
    area = django_filters.ChoiceFilter(choices=Area.choices, label=_("3P area"))
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.none(), method="by_agency", label=_("Agency")
    )
    status = django_filters.ChoiceFilter(
        choices=ProgressStatus.choices, method="computed", label=_("Status")
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("1", _("Overdue only"))], method="computed", label=_("Overdue")
    )

    class Meta:
        model = Activity
        fields = ["section", "area", "agency", "status", "overdue"]

    def __init__(self, *args, plan, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["section"].queryset = plan.sections.select_related("sub_task_force")
        self.filters["agency"].queryset = plan.task_force.agencies.all()

    def by_agency(self, queryset, name, value):
        return queryset.filter(
            Q(responsible_agency=value) | Q(implementing_agencies=value)
        ).distinct()

    def computed(self, queryset, name, value):
        return queryset

    def rows(self, rows: list) -> list:
        """The progress rows (``plan_progress``) of the activities this filter shows, then
        the two filters on computed values: status and overdue."""
        params = self.data or {}
        shown = set(self.qs.values_list("pk", flat=True)) if params else None
        status = params.get("status")
        return [
            r
            for r in rows
            if (shown is None or r.activity.pk in shown)
            and (params.get("overdue") != "1" or r.overdue)
            and (not status or r.status == status)
        ]
