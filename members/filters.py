import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugustugas.models import Role, SubTaskForce
from members.models import Agency, Membership, MoU, Partner, Topic, Training
from members.models.partners import AREAS, MoUStatus


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


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=Partner.Kind.choices, label=_("Kind"))
    area = django_filters.ChoiceFilter(
        method="by_area",
        label=_("3P area"),
        choices=[(area, Partner._meta.get_field(area).verbose_name) for area in AREAS],
    )

    class Meta:
        model = Partner
        fields = ["q", "kind", "area"]

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def by_area(self, queryset, name, value):
        return queryset.filter(**{value: True}) if value in AREAS else queryset


class MoUFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Title or number"))
    status = django_filters.ChoiceFilter(choices=MoUStatus.choices, label=_("Status"))

    class Meta:
        model = MoU
        fields = ["q", "status"]

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value))


class TrainingFilter(django_filters.FilterSet):
    # The list and the export share it, so both show the same trainings.
    year = django_filters.ChoiceFilter(field_name="date", lookup_expr="year", label=_("Year"))
    topic = django_filters.ChoiceFilter(choices=Topic.choices, label=_("Topic"))
    mandatory = django_filters.BooleanFilter(label=_("Mandatory"))

    class Meta:
        model = Training
        fields = ["year", "topic", "mandatory"]

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, **kwargs)
        # The years with trainings, so that no impossible year reaches the date lookup.
        years = task_force.trainings.dates("date", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(d.year, d.year) for d in years]
