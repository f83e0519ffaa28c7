"""Every region has its task force (Perpres 69/2008), with the level's default sub-GTs."""

from django.db import migrations

from gugustugas import defaults


def create_task_forces(apps, schema_editor):
    Region = apps.get_model("gugustugas", "Region")
    TaskForce = apps.get_model("gugustugas", "TaskForce")
    SubTaskForce = apps.get_model("gugustugas", "SubTaskForce")
    TaskForce.objects.bulk_create(TaskForce(region=r) for r in Region.objects.all())
    subgts = []
    for tf in TaskForce.objects.select_related("region"):
        level = tf.region.level
        for order, kind in enumerate(defaults.SUBGTS_BY_LEVEL[level], start=1):
            subgts.append(
                SubTaskForce(
                    task_force=tf,
                    kind=kind,
                    order=order,
                    coordinating_agency=defaults.SUBGT_COORDINATORS[level].get(kind, ""),
                )
            )
    SubTaskForce.objects.bulk_create(subgts, batch_size=500)


def remove_task_forces(apps, schema_editor):
    apps.get_model("gugustugas", "TaskForce").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("gugustugas", "0002_load_regions")]
    operations = [migrations.RunPython(create_task_forces, remove_task_forces)]
