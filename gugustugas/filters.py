import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gugustugas import access
from gugustugas.models import FormationStatus, Level, TaskForce


class TaskForceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Region name or code"))
    level = django_filters.ChoiceFilter(
        field_name="region__level", choices=Level.choices, label=_("Level")
    )
    province = django_filters.ModelChoiceFilter(
        queryset=TaskForce.objects.none(), method="in_province", label=_("Province")
    )
    formation_status = django_filters.ChoiceFilter(
        choices=FormationStatus.choices, label=_("Formation status")
    )

    class Meta:
        model = TaskForce
        fields = ["q", "level", "province", "formation_status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = (
            access.visible(user, TaskForce)
            .filter(region__level=Level.PROVINCE)
            .select_related("region")
        )

    def search(self, queryset, name, value):
        return queryset.filter(Q(region__name__icontains=value) | Q(region__code__startswith=value))

    def in_province(self, queryset, name, value):
        return queryset.filter(region__path__startswith=value.region.path)
