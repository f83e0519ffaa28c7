"""“Tugas saya”: the whole list of the user's work, and its count for the navigation
bar (fetched by ``static/js/inbox.js`` so that no other page pays for the list)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from gugustugas import inbox


@login_required
@require_GET
def inbox_page(request):
    work = inbox.items_for(request.user)
    return render(request, "gugustugas/inbox.html", {"inbox": work, "inbox_count": work.count})


@login_required
@require_GET
def inbox_count(request):
    work = inbox.items_for(request.user)
    label = ngettext("%(count)d task waiting", "%(count)d tasks waiting", work.count) % {
        "count": work.count
    }
    response = JsonResponse({"count": work.count, "overdue": work.overdue_count, "label": label})
    response["Cache-Control"] = "private, no-store"
    return response
