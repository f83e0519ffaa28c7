"""The oversight tables of the level below (``gugustugas.oversight``): one page per
module, sortable by any column, filtered by name or to the task forces that break a
rule, and the same rows as .xlsx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from gugustugas import access, oversight, xlsx
from gugustugas.models import TaskForce


def _below_label(parent: TaskForce) -> str:
    return _("Province") if parent.is_national else _("Regency/city")


def _table(request, tf: int, slug: str):
    parent = access.get_for_user(request.user, TaskForce.objects.select_related("region"), pk=tf)
    module = oversight.module(slug)
    below = list(
        access.visible(request.user, TaskForce.objects.children_of(parent))
        .select_related("region")
        .order_by("region__path")
    )
    table = module.build(request.user, parent, below, timezone.localdate())
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir") == "desc"
    query = request.GET.get("q", "").strip()[:100]
    broken_only = request.GET.get("broken") == "1"
    rows = oversight.rows(table, below, sort, descending, query, broken_only)
    return (
        parent,
        module,
        table,
        rows,
        {"sort": sort, "descending": descending, "q": query, "broken": broken_only},
    )


@login_required
@require_GET
def oversight_table(request, tf: int, module: str):
    parent, spec, table, rows, params = _table(request, tf, module)
    headers = oversight.headers(table, _below_label(parent), params["sort"], params["descending"])
    return render(
        request,
        "gugustugas/oversight.html",
        {
            "task_force": parent,
            "module": spec,
            "modules": oversight.modules(),
            "table": table,
            "headers": headers,
            "rows": rows,
            "broken_rows": sum(1 for r in rows if r.broken_count),
            **params,
        },
    )


@login_required
@require_GET
def oversight_xlsx(request, tf: int, module: str):
    parent, spec, table, rows, _params = _table(request, tf, module)
    book = Workbook()
    sheet = book.active
    sheet.title = str(spec.label)[:31]
    labels = [str(_("Code")), str(_below_label(parent))]
    for column in table.columns:
        labels.append(str(column.label))
    labels.append(str(_("Rules broken")))
    values = []
    for row in rows:
        line = [row.task_force.region.display_code, str(row.task_force.region)]
        line += [cell.value if cell.value is not None else "" for cell in row.cells]
        line.append("; ".join(cell.rule or cell.broken for cell in row.cells if cell.is_broken))
        values.append(line)
    xlsx.write_table(sheet, labels, values, [10, 34, *([16] * len(table.columns)), 60])
    xlsx.print_setup(sheet, 1)
    name = f"{slugify(str(spec.label))}-{slugify(str(parent.region))}.xlsx"
    return xlsx.response(xlsx.to_bytes(book), name)
