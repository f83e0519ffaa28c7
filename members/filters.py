import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugustugas.models import Role, SubTaskForce
from members.models import Agency, Membership


class MembershipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or position"))
    status = django_filters.ChoiceFilter(
        method="by_status",
        label=_("Status"),
        choices=[("current", _("Current")), ("former", _("Former"))],
        empty_label=_("All"),
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))
    sub_task_force = django_filters.ModelChoiceFilter(
        queryset=SubTaskForce.objects.none(), label=_("Sub-GT")
    )
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.none(), label=_("Agency"))

    class Meta:
        model = Membership
        fields = ["q", "status", "role", "sub_task_force", "agency"]

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["sub_task_force"].queryset = task_force.subgts.all()
        self.filters["agency"].queryset = task_force.agencies.all()

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(person__full_name__icontains=value) | Q(position_title__icontains=value)
        )

    def by_status(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.current(today) if value == "current" else queryset.former(today)


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=Agency.Kind.choices, label=_("Kind"))

    class Meta:
        model = Agency
        fields = ["q", "kind"]

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))
