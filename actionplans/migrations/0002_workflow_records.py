"""Plan transitions and progress reviews move into the one workflow record table
(``gugustugas.WorkflowRecord``); ``PlanTransition`` goes."""

from django.db import migrations

PLAN_STEPS = {
    ("draft", "in_review"): "submit",
    ("in_review", "draft"): "return",
    ("in_review", "enacted"): "enact",
    ("enacted", "closed"): "close",
    ("enacted", "revised"): "revise",
}


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="actionplans", model=model)[0]


def forwards(apps, schema_editor):
    PlanTransition = apps.get_model("actionplans", "PlanTransition")
    ProgressReport = apps.get_model("actionplans", "ProgressReport")
    WorkflowRecord = apps.get_model("gugustugas", "WorkflowRecord")
    records = []
    transitions = PlanTransition.objects.order_by("at", "pk")
    if transitions.exists():
        plan_type = _content_type(apps, "actionplan")
        records += [
            WorkflowRecord(
                content_type=plan_type,
                object_id=t.plan_id,
                step=PLAN_STEPS.get((t.from_status, t.to_status), t.to_status),
                from_state=t.from_status,
                to_state=t.to_status,
                user_id=t.user_id,
                at=t.at,
                note=t.note,
            )
            for t in transitions
        ]
    # Progress reports kept only their last submitter and reviewer: record those steps,
    # so nobody reviews a report they submitted (the rule needs who submitted).
    reports = ProgressReport.objects.exclude(review_state="draft")
    if reports.exists():
        report_type = _content_type(apps, "progressreport")
        for report in reports:
            records.append(
                WorkflowRecord(
                    content_type=report_type,
                    object_id=report.pk,
                    step="submit",
                    from_state="draft",
                    to_state="submitted",
                    user_id=report.reported_by_id,
                    at=report.reported_at,
                )
            )
            if report.review_state in ("accepted", "returned") and report.reviewed_at:
                records.append(
                    WorkflowRecord(
                        content_type=report_type,
                        object_id=report.pk,
                        step="accept" if report.review_state == "accepted" else "return",
                        from_state="submitted",
                        to_state=report.review_state,
                        user_id=report.reviewed_by_id,
                        at=report.reviewed_at,
                        note=report.return_reason,
                    )
                )
    WorkflowRecord.objects.bulk_create(records, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0001_initial"),
        ("gugustugas", "0004_workflow_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="PlanTransition"),
    ]
