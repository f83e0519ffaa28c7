import pytest
from django.db import IntegrityError, transaction

from gugustugas.models import Level, Region, SubTaskForce, TaskForce


@pytest.mark.django_db
class TestRegionData:
    def test_the_nation_has_38_provinces_and_514_regencies_and_cities(self):
        assert Region.objects.filter(level=Level.NATIONAL).count() == 1
        assert Region.objects.filter(level=Level.PROVINCE).count() == 38
        assert Region.objects.filter(level=Level.REGENCY).count() == 514

    def test_regions_carry_kemendagri_codes_and_official_names(self):
        assert Region.objects.get(code="32").name == "Jawa Barat"
        assert Region.objects.get(code="32.02").name == "Kabupaten Sukabumi"
        assert Region.objects.get(code="21.71").name == "Kota Batam"
        assert Region.objects.get(code="32.73").parent.code == "32"

    def test_a_region_and_everything_below_it_is_one_query(self, django_assert_num_queries):
        jabar = Region.objects.get(code="32")
        with django_assert_num_queries(1):
            codes = list(Region.objects.subtree(jabar).values_list("code", flat=True))
        assert codes[0] == "32"
        assert all(code == "32" or code.startswith("32.") for code in codes)
        assert len(codes) == 1 + Region.objects.filter(parent=jabar).count()

    def test_the_national_subtree_is_every_region(self):
        nation = Region.objects.get(code="ID")
        assert Region.objects.subtree(nation).count() == 553


@pytest.mark.django_db
class TestTaskForceTree:
    def test_every_region_has_exactly_one_task_force(self):
        assert TaskForce.objects.count() == Region.objects.count() == 553

    def test_a_second_task_force_for_a_region_is_refused_by_the_database(self):
        region = Region.objects.get(code="32")
        with pytest.raises(IntegrityError), transaction.atomic():
            TaskForce.objects.create(region=region)

    @pytest.mark.parametrize(("code", "count"), [("ID", 6), ("32", 6), ("32.02", 5)])
    def test_default_subgts_follow_the_level(self, code, count):
        task_force = TaskForce.objects.get(region__code=code)
        kinds = set(task_force.subgts.values_list("kind", flat=True))
        assert len(kinds) == count
        assert ("legal_norms" in kinds) == (count == 6)

    def test_each_subgt_names_its_coordinating_agency(self):
        subgt = SubTaskForce.objects.get(task_force__region__code="32", kind="law_enforcement")
        assert subgt.coordinating_agency == "Kepolisian Daerah"

    def test_create_default_subgts_only_adds_missing_ones(self):
        # Kota Bandung: no shared login heads one of its sub-GTs (tests/conftest.py).
        task_force = TaskForce.objects.get(region__code="32.73")
        task_force.subgts.filter(kind="prevention").delete()
        created = task_force.create_default_subgts()
        assert [s.kind for s in created] == ["prevention"]
        assert task_force.create_default_subgts() == []

    def test_below_finds_the_districts_of_a_province_only(self):
        jabar = TaskForce.objects.get(region__code="32")
        below = TaskForce.objects.below(jabar)
        assert below.count() == Region.objects.filter(parent__code="32").count()
        assert not below.filter(region__code="21.71").exists()

    def test_task_force_names_follow_the_level(self):
        assert "Jawa Barat" in str(TaskForce.objects.get(region__code="32"))
        assert "Kota Batam" in str(TaskForce.objects.get(region__code="21.71"))
