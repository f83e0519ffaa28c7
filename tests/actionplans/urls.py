"""The project's URLs plus the spreadsheet views under the ``actionplans`` namespace, for
tests that run before ``actionplans.urls`` includes ``actionplans.urls_xlsx``. A stub
stands in for the plan page, where a successful import redirects."""

from django.http import HttpResponse
from django.urls import include, path

from actionplans import urls_xlsx
from gugustugas import urls as project_urls


def _plan_detail(request, pk):
    return HttpResponse(f"plan {pk}")


actionplans_patterns = [
    *urls_xlsx.urlpatterns,
    path("plans/<int:pk>/", _plan_detail, name="plan_detail"),
]

urlpatterns = [
    path("", include((actionplans_patterns, "actionplans"))),
    *project_urls.urlpatterns,
]
