"""Load the nation, its 38 provinces and 514 regencies/cities (see gugustugas/data/README.md)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load_regions(apps, schema_editor):
    Region = apps.get_model("gugustugas", "Region")
    nation = Region.objects.create(code="ID", path="ID", name="Indonesia", level="national")
    with open(DATA / "provinces.csv", encoding="utf-8") as fh:
        provinces = {
            row["code"]: Region(
                code=row["code"],
                path=f"ID.{row['code']}",
                name=row["name"],
                level="province",
                parent=nation,
            )
            for row in csv.DictReader(fh)
        }
    Region.objects.bulk_create(provinces.values())
    saved = {r.code: r for r in Region.objects.filter(level="province")}
    with open(DATA / "regencies.csv", encoding="utf-8") as fh:
        Region.objects.bulk_create(
            Region(
                code=row["code"],
                path=f"ID.{row['code']}",
                name=row["name"],
                level="regency",
                parent=saved[row["province_code"]],
            )
            for row in csv.DictReader(fh)
        )


def unload_regions(apps, schema_editor):
    Region = apps.get_model("gugustugas", "Region")
    Region.objects.filter(level="regency").delete()
    Region.objects.filter(level="province").delete()
    Region.objects.filter(level="national").delete()


class Migration(migrations.Migration):
    dependencies = [("gugustugas", "0001_initial")]
    operations = [migrations.RunPython(load_regions, unload_regions)]
