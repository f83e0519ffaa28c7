"""List filters of the meetings pages (django-filter): the meeting register and the
action points."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gugustugas.models import SubTaskForce
from meetings.models import ActionPoint, ActionPointStatus, Kind, Meeting, kinds_for_level
from members.models import Agency


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    sub_task_force = django_filters.ModelChoiceFilter(
        queryset=SubTaskForce.objects.none(), label=_("Sub-GT")
    )
    year = django_filters.NumberFilter(
        field_name="starts_at", lookup_expr="year", label=_("Year"), min_value=2000, max_value=2100
    )

    class Meta:
        model = Meeting
        fields = ["kind", "sub_task_force", "year"]

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        if task_force is not None:
            self.filters["kind"].extra["choices"] = kinds_for_level(task_force.level)
            self.filters["sub_task_force"].queryset = SubTaskForce.objects.filter(
                task_force=task_force
            ).order_by("order", "pk")


class ActionPointFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionPointStatus.choices, label=_("Status"))
    overdue = django_filters.ChoiceFilter(
        method="by_overdue",
        label=_("Overdue"),
        choices=[("yes", _("Overdue only")), ("no", _("Not overdue"))],
    )
    owner_agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.none(), label=_("Responsible agency")
    )
    q = django_filters.CharFilter(method="search", label=_("Text"))

    class Meta:
        model = ActionPoint
        fields = ["status", "overdue", "owner_agency", "q"]

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner_agency"].queryset = Agency.objects.filter(
            task_force=task_force
        ).order_by("name")

    def by_overdue(self, queryset, name, value):
        # "Overdue" is the rule of ``ActionPointQuerySet.overdue``, as on the dashboard.
        overdue = ActionPoint.objects.overdue().values("pk")
        if value == "yes":
            return queryset.filter(pk__in=overdue)
        if value == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset

    def search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(closing_note__icontains=value))
