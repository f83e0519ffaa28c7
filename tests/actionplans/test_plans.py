"""Action plans: structure, SMART check, lifecycle, versions, progress and its roll-up."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    PlanStatus,
    ProgressReport,
    ReviewComment,
    ReviewState,
)
from actionplans.services import activity_progress, load_activities, plan_figures, plan_progress
from actionplans.spreadsheets.activities import ACTIVITY_COLUMNS
from actionplans.spreadsheets.common import ACTIVITY_SHEET, PROGRESS_SHEET
from gugustugas.workflow import TransitionError
from tests.actionplans.builders import (
    head_section,
    make_activity,
    make_plan,
    make_report,
    member_agency,
)
from tests.conftest import PDF_BYTES


def _sheet(content: bytes, name: str) -> list[tuple]:
    """The values of one sheet of a downloaded .xlsx, row by row."""
    return list(openpyxl.load_workbook(io.BytesIO(content))[name].iter_rows(values_only=True))


def activity_data(**overrides):
    data = {
        "code": "1.9",
        "title": "Pelatihan guru BK",
        "indicator": "Jumlah guru terlatih",
        "unit": "orang",
        "baseline": "10",
        "start_date": "2025-01-01",
        "end_date": "2029-12-31",
        "area": "prevention",
        "target_2025": "40",
        "target_2026": "50",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestPlanStructure:
    @pytest.mark.parametrize(("level", "sections"), [("province", 6), ("district", 5)])
    def test_a_new_plan_has_one_section_per_subgt(self, login, users, tree, level, sections):
        client = login(users[f"{level}_secretariat"])
        response = client.post(
            reverse("actionplans:plan_create", args=[tree[level].pk]),
            {"title": "RAD 2025-2029", "start_year": "2025", "period_years": "5"},
        )
        assert response.status_code == 302
        plan = ActionPlan.objects.get(task_force=tree[level])
        assert plan.sections.count() == sections
        assert plan.kind_label == "RAD"

    def test_the_period_is_three_or_five_years(self, login, users, tree):
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("actionplans:plan_create", args=[tree["province"].pk]),
            {"title": "RAD", "start_year": "2025", "period_years": "4"},
        )
        assert response.status_code == 200
        assert "period_years" in response.context["form"].errors
        assert not ActionPlan.objects.exists()
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionPlan.objects.create(
                task_force=tree["province"], title="x", start_year=2025, period_years=4
            )

    def test_national_plans_are_called_ran(self, tree):
        assert make_plan(tree["national"]).kind_label == "RAN"


@pytest.mark.django_db
class TestActivities:
    def test_section_head_adds_an_activity_with_yearly_targets(self, login, users, tree):
        plan = make_plan(tree["province"], activities=0, start_year=2025)
        section = head_section(plan)
        client = login(users["province_subgt_head"])
        response = client.post(
            reverse("actionplans:activity_create", args=[section.pk]), activity_data()
        )
        assert response.status_code == 302
        activity = Activity.objects.get(section=section)
        targets = dict(activity.targets.values_list("year", "target"))
        assert targets == {2025: Decimal(40), 2026: Decimal(50)}
        with translation.override("en"):
            assert activity.smart_gaps() == ["no responsible agency"]

    def test_a_section_head_cannot_add_to_another_section(self, login, users, tree):
        plan = make_plan(tree["province"], activities=0, start_year=2025)
        other = plan.sections.exclude(pk=head_section(plan).pk).first()
        client = login(users["province_subgt_head"])
        response = client.post(
            reverse("actionplans:activity_create", args=[other.pk]), activity_data()
        )
        assert response.status_code == 403
        assert not Activity.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"target_2025": "-5"}, "target_2025"),
            ({"target_2026": "banyak"}, "target_2026"),
            ({"end_date": "2024-12-31"}, "end_date"),
            ({"start_date": "2031-01-01", "end_date": "2031-02-01"}, "start_date"),
            ({"baseline": "-1"}, "baseline"),
        ],
    )
    def test_bad_values_are_field_errors_and_nothing_is_saved(
        self, login, users, tree, overrides, field
    ):
        plan = make_plan(tree["province"], activities=0, start_year=2025)
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("actionplans:activity_create", args=[head_section(plan).pk]),
            activity_data(**overrides),
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert field in errors or "__all__" in errors
        assert not Activity.objects.exists() and not ActivityTarget.objects.exists()

    def test_a_duplicate_code_in_a_section_is_a_field_error(self, login, users, tree):
        plan = make_plan(tree["province"], start_year=2025)  # has activity 1.1
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("actionplans:activity_create", args=[head_section(plan).pk]),
            activity_data(code="1.1"),
        )
        assert response.status_code == 200
        assert plan.activities().count() == 1

    def test_the_smart_check_names_what_is_missing(self, tree):
        plan = make_plan(tree["province"], activities=0, start_year=2025)
        activity = Activity.objects.create(section=head_section(plan), title="x", area="prevention")
        assert activity.smart_gaps() == [
            "no indicator",
            "no target",
            "no timeframe",
            "no responsible agency",
        ]


@pytest.mark.django_db
class TestLifecycle:
    def test_a_plan_with_a_non_smart_activity_cannot_leave_draft(self, login, users, tree):
        plan = make_plan(tree["province"])
        plan.activities().update(indicator="")
        client = login(users["province_secretariat"])
        response = client.post(reverse("actionplans:plan_submit", args=[plan.pk]), follow=True)
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DRAFT
        assert "SMART" in response.content.decode()

    def test_the_whole_path_to_enactment_is_recorded(self, login, users, tree):
        plan = make_plan(tree["province"])
        secretariat = users["province_secretariat"]
        login(secretariat).post(
            reverse("actionplans:plan_submit", args=[plan.pk]), {"note": "ke Biro Hukum"}
        )
        plan.refresh_from_db()
        assert plan.status == PlanStatus.IN_REVIEW
        comment = ReviewComment.objects.create(plan=plan, reviewer="Biro Hukum", text="Perbaiki.")

        chair = login(users["province_chair"])
        enact = {
            "regulation_number": "Pergub 12/2025",
            "regulation_date": "2025-03-17",
            "monitoring_frequency": "quarterly",
            "reporting_frequency": "annual",
            "budget_sources": "APBD",
        }
        chair.post(reverse("actionplans:plan_enact", args=[plan.pk]), enact)
        plan.refresh_from_db()
        assert plan.status == PlanStatus.IN_REVIEW  # the open comment blocks enactment

        client = login(secretariat)
        client.post(reverse("actionplans:comment_respond", args=[comment.pk]), {"response": "OK"})
        client.post(reverse("actionplans:comment_resolve", args=[comment.pk]))
        login(users["province_chair"]).post(
            reverse("actionplans:plan_enact", args=[plan.pk]), enact
        )
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ENACTED
        assert plan.regulation_number == "Pergub 12/2025"
        steps = [(r.step, r.to_state, r.user.username) for r in plan.timeline]
        assert steps == [
            ("submit", "in_review", "province_secretariat"),
            ("enact", "enacted", "province_chair"),
        ]
        assert plan.timeline.get(step="submit").note == "ke Biro Hukum"

    def test_a_comment_cannot_be_resolved_before_it_is_answered(self, login, users, tree):
        plan = make_plan(tree["province"], PlanStatus.IN_REVIEW)
        comment = ReviewComment.objects.create(plan=plan, reviewer="Biro Hukum", text="x")
        login(users["province_secretariat"]).post(
            reverse("actionplans:comment_resolve", args=[comment.pk])
        )
        comment.refresh_from_db()
        assert not comment.resolved

    def test_enactment_locks_the_content(self, login, users, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED)
        activity = plan.activities().get()
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("actionplans:activity_edit", args=[activity.pk]),
            activity_data(title="Diubah"),
        )
        assert response.status_code == 302
        activity.refresh_from_db()
        assert activity.title != "Diubah"

    def test_a_transition_out_of_order_is_refused_with_a_reason(self, tree, users):
        plan = make_plan(tree["province"])
        with pytest.raises(TransitionError, match="draft|Draft"):
            plan.take("close", users["province_secretariat"])

    def test_a_revision_copies_the_content_and_keeps_the_old_version(self, login, users, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=2)
        client = login(users["province_secretariat"])
        response = client.post(reverse("actionplans:plan_revise", args=[plan.pk]))
        plan.refresh_from_db()
        new = ActionPlan.objects.get(previous=plan)
        assert response.url == new.get_absolute_url()
        assert plan.status == PlanStatus.REVISED and new.status == PlanStatus.DRAFT
        assert new.version == 2 and new.activities().count() == 2
        assert ActivityTarget.objects.filter(activity__section__plan=new).count() == 10
        changed = new.activities().get(code="1.1")
        changed.title = "Judul baru"
        changed.save()
        compare = client.get(reverse("actionplans:plan_compare", args=[new.pk]))
        assert compare.status_code == 200
        assert [a.title for a, _changes in compare.context["diff"]["changed"]] == ["Judul baru"]
        assert client.get(plan.get_absolute_url()).status_code == 200


@pytest.mark.django_db
class TestProgress:
    def progress_data(self, **overrides):
        data = {"year": "2026", "quarter": "1", "achieved": "12", "status": "on_track"}
        data.update(overrides)
        return data

    def enacted_activity(self, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=2025)
        return plan.activities().get()

    def test_section_head_reports_progress_with_evidence(self, login, users, tree):
        activity = self.enacted_activity(tree)
        client = login(users["province_subgt_head"])
        pdf = SimpleUploadedFile("bukti.pdf", PDF_BYTES, content_type="application/pdf")
        response = client.post(
            reverse("actionplans:progress_create", args=[activity.pk]),
            self.progress_data(evidence=pdf),
        )
        assert response.status_code == 302
        report = ProgressReport.objects.get(activity=activity)
        assert report.achieved == Decimal(12)
        assert report.evidence.get().original_name == "bukti.pdf"
        download = client.get(
            reverse("actionplans:evidence_download", args=[report.evidence.get().pk])
        )
        assert download.status_code == 200

    def test_an_agency_member_reports_on_its_agencys_activity(self, login, users, tree):
        activity = self.enacted_activity(tree)  # the member's agency is responsible
        response = login(users["province_member"]).post(
            reverse("actionplans:progress_create", args=[activity.pk]), self.progress_data()
        )
        assert response.status_code == 302

    def test_another_agencys_member_may_not(self, login, users, tree):
        activity = self.enacted_activity(tree)
        activity.responsible_agency = None
        activity.save()
        response = login(users["province_member"]).post(
            reverse("actionplans:progress_create", args=[activity.pk]), self.progress_data()
        )
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"achieved": "-3"}, "achieved"),
            ({"achieved": "sepuluh"}, "achieved"),
            ({"year": "2040"}, "year"),
            ({"quarter": "5"}, "quarter"),
        ],
    )
    def test_bad_values_are_refused(self, login, users, tree, overrides, field):
        activity = self.enacted_activity(tree)
        response = login(users["province_secretariat"]).post(
            reverse("actionplans:progress_create", args=[activity.pk]),
            self.progress_data(**overrides),
        )
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert not ProgressReport.objects.exists()

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("program.exe", b"MZ\x90\x00", "Only PDF"),
            ("palsu.pdf", b"just text", "does not match"),
        ],
    )
    def test_wrong_files_are_refused_with_a_clear_message(
        self, login, users, tree, name, content, message
    ):
        activity = self.enacted_activity(tree)
        client = login(users["province_secretariat"])
        client.cookies["django_language"] = "en"
        response = client.post(
            reverse("actionplans:progress_create", args=[activity.pk]),
            self.progress_data(evidence=SimpleUploadedFile(name, content)),
        )
        assert response.status_code == 200
        assert message in str(response.context["form"].errors["evidence"])
        assert not ProgressReport.objects.exists()

    def test_a_file_over_the_limit_is_refused(self, login, users, tree, settings):
        settings.EVIDENCE_MAX_BYTES = 100
        activity = self.enacted_activity(tree)
        response = login(users["province_secretariat"]).post(
            reverse("actionplans:progress_create", args=[activity.pk]),
            self.progress_data(evidence=SimpleUploadedFile("besar.pdf", b"%PDF" + b"x" * 200)),
        )
        assert "evidence" in response.context["form"].errors
        assert not ProgressReport.objects.exists()

    def test_a_quarter_is_reported_once(self, login, users, tree):
        activity = self.enacted_activity(tree)
        make_report(activity, year=2026, quarter=1)
        response = login(users["province_secretariat"]).post(
            reverse("actionplans:progress_create", args=[activity.pk]), self.progress_data()
        )
        assert response.status_code == 200
        assert ProgressReport.objects.count() == 1

    def test_the_steering_chair_returns_with_a_reason_then_accepts(self, login, users, tree):
        report = make_report(self.enacted_activity(tree), ReviewState.SUBMITTED)
        chair = login(users["province_daily_chair"])
        chair.post(reverse("actionplans:progress_return", args=[report.pk]), {"reason": ""})
        report.refresh_from_db()
        assert report.review_state == ReviewState.SUBMITTED  # a reason is required
        chair.post(
            reverse("actionplans:progress_return", args=[report.pk]), {"reason": "Lampirkan bukti"}
        )
        report.refresh_from_db()
        assert report.review_state == ReviewState.RETURNED
        assert report.return_reason == "Lampirkan bukti"
        login(users["province_subgt_head"]).post(
            reverse("actionplans:progress_submit", args=[report.pk])
        )
        login(users["province_daily_chair"]).post(
            reverse("actionplans:progress_accept", args=[report.pk])
        )
        report.refresh_from_db()
        assert report.review_state == ReviewState.ACCEPTED

    def test_progress_is_not_reported_on_a_draft_plan(self, login, users, tree):
        activity = make_plan(tree["province"]).activities().get()
        response = login(users["province_secretariat"]).post(
            reverse("actionplans:progress_create", args=[activity.pk]), self.progress_data()
        )
        assert response.status_code == 302
        assert not ProgressReport.objects.exists()


@pytest.mark.django_db
class TestRollUp:
    def test_the_rule_caps_at_100_averages_and_leaves_out_activities_without_target(self, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=0, start_year=2025)
        half = make_activity(plan, code="1.1")  # target 40 each year
        over = make_activity(plan, code="1.2")
        untargeted = make_activity(plan, code="1.3")
        untargeted.targets.filter(year=2026).delete()
        accepted = ReviewState.ACCEPTED
        ProgressReport.objects.create(
            activity=half, year=2026, quarter=1, achieved=10, status="on_track"
        )  # a draft: never counted
        ProgressReport.objects.create(
            activity=half,
            year=2026,
            quarter=2,
            achieved=20,
            status="on_track",
            review_state=accepted,
        )
        ProgressReport.objects.create(
            activity=over, year=2026, quarter=2, achieved=60, status="done", review_state=accepted
        )
        overall, sections = plan_progress(plan, 2026)
        by_code = {r.activity.code: r for r in overall.rows}
        assert by_code["1.1"].percent == Decimal("50.0")  # the latest quarter counts
        assert by_code["1.2"].percent == Decimal("100.0")  # capped
        assert by_code["1.3"].percent is None
        assert overall.percent == Decimal("75.0")
        assert overall.without_target == 1
        assert sections[0].percent == Decimal("75.0")

    def test_a_draft_report_never_moves_a_figure(self, login, users, tree):
        """Issue 13 item 7: only submitted and accepted reports count, everywhere the
        roll-up is read (activity, section, plan, the plan page and the dashboard)."""
        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=0, start_year=2025)
        activity = make_activity(plan, code="1.1")  # target 40 each year
        make_report(activity, ReviewState.ACCEPTED, year=2026, quarter=1)  # 10 of 40
        client = login(users["province_member"])

        def figures():
            overall, sections = plan_progress(plan, 2026)
            page = client.get(plan.get_absolute_url() + "?year=2026").context
            return (
                overall.rows[0].achieved,
                overall.rows[0].status,
                overall.percent,
                [s.percent for s in sections],
                page["overall"].percent,
                [s.percent for s in page["sections"]],
            )

        before = figures()
        assert before[2] == Decimal("25.0")
        draft = ProgressReport.objects.create(
            activity=activity, year=2026, quarter=2, achieved=40, status="done"
        )
        assert draft.review_state == ReviewState.DRAFT
        assert figures() == before
        draft.review_state = ReviewState.RETURNED
        draft.save()
        assert figures() == before
        draft.review_state = ReviewState.SUBMITTED
        draft.save()
        assert figures()[2] == Decimal("100.0")

    def test_the_figures_are_computed_once_and_forgotten_by_the_writes_that_change_them(
        self, users, tree
    ):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=0, start_year=2025)
        activity = make_activity(plan, code="1.1")  # target 40 each year
        assert plan_figures(plan, 2026)[0].percent == Decimal("0.0")
        with CaptureQueriesContext(connection) as ctx:
            overall, sections = plan_figures(plan, 2026)
        assert len(ctx.captured_queries) == 0  # read from the cache
        computed, computed_sections = plan_progress(plan, 2026)
        assert overall.percent == computed.percent
        assert [s.percent for s in sections] == [s.percent for s in computed_sections]
        report = make_report(activity, ReviewState.DRAFT, year=2026, quarter=1)  # 10 of 40
        assert plan_figures(plan, 2026)[0].percent == Decimal("0.0")  # a draft: no change
        report.take("submit", users["province_secretariat"])
        assert plan_figures(plan, 2026)[0].percent == Decimal("25.0")
        report.take("return", users["province_daily_chair"], note="Bukti kurang")
        assert plan_figures(plan, 2026)[0].percent == Decimal("0.0")
        report.achieved = 20
        report.save()
        report.take("submit", users["province_secretariat"])
        report.take("accept", users["province_daily_chair"])
        assert plan_figures(plan, 2026)[0].percent == Decimal("50.0")
        activity.targets.filter(year=2026).update(target=80)  # no signal: not seen yet
        target = activity.targets.get(year=2026)
        target.save()
        assert plan_figures(plan, 2026)[0].percent == Decimal("25.0")
        activity.title = "Judul baru"
        activity.save()
        assert plan_figures(plan, 2026)[0].rows[0].activity.title == "Judul baru"
        report.delete()
        assert plan_figures(plan, 2026)[0].percent == Decimal("0.0")

    def test_a_progress_report_computes_only_its_activitys_row_again(self, users, tree):
        """Issue 14: a progress report changes one row of the roll-up. The next read
        reuses the figures cached before it and computes that activity again, so a
        300-activity plan is not loaded whole after every report."""
        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=3, start_year=2025)
        first, second, third = load_activities(plan)
        make_report(second, ReviewState.SUBMITTED, year=2026, quarter=1)  # 10 of 40
        assert plan_figures(plan, 2026)[0].percent == Decimal("8.3")  # (0 + 25 + 0) / 3
        plan_figures(plan, 2026, with_activities=False)
        # Written without a signal: the cached figures do not know it, which shows what
        # the next reads reuse and what they compute again.
        ProgressReport.objects.filter(activity=second).update(achieved=40)
        make_report(first, ReviewState.SUBMITTED, year=2026, quarter=1).take(
            "accept", users["province_daily_chair"]
        )
        make_report(third, ReviewState.SUBMITTED, year=2026, quarter=1)
        for with_activities in (True, False):
            overall, sections = plan_figures(plan, 2026, with_activities=with_activities)
            by_activity = {row.activity_id: row for row in overall.rows}
            assert [by_activity[a.pk].percent for a in (first, second, third)] == [
                Decimal("25.0"),
                Decimal("25.0"),  # the reused row, not the unsignalled 100
                Decimal("25.0"),
            ]
            assert overall.percent == Decimal("25.0")
            assert [s.rows for s in sections if s.rows][0] == overall.rows
            assert (overall.rows[0].activity is None) is not with_activities
        first.title = "Judul baru"
        first.save()  # not a progress report: the whole plan again
        overall, _sections = plan_figures(plan, 2026)
        assert overall.percent == Decimal("50.0")  # (25 + 100 + 25) / 3
        assert overall.rows[0].activity.title == "Judul baru"

    def test_the_rows_reported_since_are_computed_again_over_many_reports(self, tree):
        """Issue 14: under load a plan takes many reports between two reads of its figures
        (a save and its submit step are two changes, each seen now and after the commit):
        the figures cached before all of them are reused, up to ``DELTA_DEPTH`` of them,
        and after more the whole plan is computed again."""
        from actionplans import services

        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=3, start_year=2025)
        first, second, third = load_activities(plan)
        make_report(second, ReviewState.SUBMITTED, year=2026, quarter=1)  # 10 of 40
        report = make_report(first, ReviewState.SUBMITTED, year=2026, quarter=1)

        def percents():
            overall, _sections = plan_figures(plan, 2026, with_activities=False)
            by_activity = {row.activity_id: row.percent for row in overall.rows}
            return [by_activity[a.pk] for a in (first, second, third)]

        def report_first(times: int, achieved: int):
            for n in range(times):
                report.achieved = achieved if n == times - 1 else n % 10
                report.save()

        assert percents() == [Decimal("25.0"), Decimal("25.0"), Decimal("0.0")]
        # Unsignalled, as in the test above: the reused row shows 25, a computed one 100.
        ProgressReport.objects.filter(activity=second).update(achieved=40)
        report_first(services.DELTA_DEPTH, achieved=20)
        assert percents() == [Decimal("50.0"), Decimal("25.0"), Decimal("0.0")]
        report_first(services.DELTA_DEPTH + 1, achieved=30)
        assert percents() == [Decimal("75.0"), Decimal("100.0"), Decimal("0.0")]

    def test_figures_an_earlier_release_cached_are_not_read(self, tree):
        """Rows cached by a release whose rows had other fields (no ``token``: the plan
        page answered 500 until the hour changed) are under another key."""
        from django.core.cache import cache

        from actionplans import services

        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=1, start_year=2025)
        generation = services._generations([plan.pk])[plan.pk]
        day = services._today_key()
        cache.set(f"rad-figures:{plan.pk}:{generation}:2026:{day}", "an earlier release's rows")
        overall, _sections = plan_figures(plan, 2026)
        assert overall.rows[0].token

    def test_a_progress_report_renders_only_its_sections_rows_again(self, login, users, tree):
        """Issue 14: the plan page keeps each section's rendered rows; after a progress
        report only the reported activity's section is rendered again."""
        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=0, start_year=2025)
        first_section, second_section = list(plan.sections.order_by("order"))[:2]
        reported = make_activity(plan, code="1.1", section=first_section)
        make_activity(plan, code="2.1", section=second_section)
        client = login(users["province_member"])
        url = plan.get_absolute_url() + "?year=2026"
        rows = "actionplans/includes/activity_row_list.html"

        def rendered(response):
            return [t.name for t in response.templates].count(rows)

        assert rendered(client.get(url)) == 2  # both sections, then kept
        assert rendered(client.get(url)) == 0
        report = make_report(reported, ReviewState.DRAFT, year=2026, quarter=1)
        report.take("submit", users["province_secretariat"])
        page = client.get(url)
        assert rendered(page) == 1
        assert 'aria-valuenow="25.0"' in page.content.decode()  # the reported row's bar

    def test_the_cached_plan_export_follows_progress_and_activities(self, login, users, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=0, start_year=2025)
        activity = make_activity(plan, code="1.1")
        client = login(users["province_secretariat"])
        url = reverse("actionplans:plan_export", args=[plan.pk]) + "?year=2026"
        first = client.get(url).content
        assert client.get(url).content == first  # from the cache
        report = make_report(activity, ReviewState.DRAFT, year=2026, quarter=1)
        report.take("submit", users["province_secretariat"])
        second = client.get(url).content
        assert second != first
        # The activity sheet is kept while only progress changes, never past a change.
        assert _sheet(second, ACTIVITY_SHEET) == _sheet(first, ACTIVITY_SHEET)
        assert _sheet(second, PROGRESS_SHEET)[1][6] == "Diajukan"
        agency = member_agency(tree["province"])
        activity.implementing_agencies.add(agency)
        third = client.get(url).content
        implementers = ACTIVITY_COLUMNS.index(("implementing_agencies", "Instansi pelaksana"))
        assert _sheet(third, ACTIVITY_SHEET)[1][implementers] == agency.name
        activity.title = "Judul yang baru"
        activity.save()
        assert _sheet(client.get(url).content, ACTIVITY_SHEET)[1][2] == "Judul yang baru"

    def test_the_cached_activity_table_follows_changes(self, login, users, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, activities=0, start_year=2025)
        activity = make_activity(plan, code="1.1")
        client = login(users["province_member"])
        url = plan.get_absolute_url()
        assert "Sosialisasi migrasi aman 1.1" in client.get(url).content.decode()
        activity.title = "Judul yang baru"
        activity.save()
        assert "Judul yang baru" in client.get(url).content.decode()
        filtered = client.get(url + "?area=protection").content.decode()  # not cached
        assert "Judul yang baru" not in filtered

    def test_a_quarter_unreported_past_the_grace_period_is_overdue(self, tree, settings):
        settings.PROGRESS_GRACE_DAYS = 15
        plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=2025)
        activity = load_activities(plan)[0]
        make_report(activity, ReviewState.SUBMITTED, year=2025, quarter=1)
        activity = load_activities(plan)[0]
        within_grace = activity_progress(activity, 2025, today=datetime.date(2025, 7, 10))
        assert within_grace.overdue == []  # Q2 ended 30 June: still within 15 days
        later = activity_progress(activity, 2025, today=datetime.date(2025, 7, 20))
        assert later.overdue == [2]

    def test_a_plan_not_enacted_has_nothing_overdue(self, login, users, tree):
        # Issue 13 item 3: the dashboard's plan panel counted a draft plan's activities
        # overdue (Kota Bandung in the demo); the figure and the panel now agree with the
        # oversight table.
        plan = make_plan(tree["province"], PlanStatus.DRAFT, start_year=2025)
        activity = load_activities(plan)[0]
        assert (
            activity_progress(activity, 2025, datetime.date(2026, 1, 31), plan=plan).overdue == []
        )
        overall, _sections = plan_progress(plan, 2025, today=datetime.date(2026, 1, 31))
        assert overall.overdue_count == 0
        page = login(users["province_secretariat"]).get(reverse("dashboard"))
        assert "overdue quarter" not in page.content.decode()
        assert "triwulan yang terlambat" not in page.content.decode()

    def test_the_plan_page_explains_the_rule(self, login, users, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED)
        client = login(users["province_member"])
        client.cookies["django_language"] = "en"
        body = client.get(plan.get_absolute_url()).content.decode()
        assert "capped at 100" in body and "<svg" in body
        assert "a draft or a returned report never changes a figure" in body

    def test_plan_page_queries_do_not_grow_with_activities(self, login, users, tree):
        """300 activities with two years of quarterly progress cost the same queries as 3."""
        client = login(users["province_member"])

        def count_queries(plan):
            client.get(plan.get_absolute_url())
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(plan.get_absolute_url()).status_code == 200
            return len(ctx.captured_queries)

        small = make_plan(tree["province"], PlanStatus.ENACTED, activities=3)
        big = make_plan(tree["province"], PlanStatus.ENACTED, activities=0)
        sections = list(big.sections.all())
        template = make_activity(big, code="0")
        activities = Activity.objects.bulk_create(
            Activity(
                section=sections[n % len(sections)],
                code=f"{n + 1}",
                title=f"Kegiatan {n + 1}",
                indicator=template.indicator,
                start_date=template.start_date,
                end_date=template.end_date,
                responsible_agency=template.responsible_agency,
                area="prevention",
            )
            for n in range(299)
        )
        ActivityTarget.objects.bulk_create(
            ActivityTarget(activity=a, year=year, target=40)
            for a in activities
            for year in big.years
        )
        ProgressReport.objects.bulk_create(
            ProgressReport(
                activity=a,
                year=year,
                quarter=q,
                achieved=q * 5,
                status="on_track",
                review_state=ReviewState.ACCEPTED,
            )
            for a in [template, *activities]
            for year in big.years[:2]
            for q in range(1, 5)
        )
        assert big.activities().count() == 300
        assert ProgressReport.objects.filter(activity__section__plan=big).count() == 2400
        assert count_queries(big) == count_queries(small)

    def test_a_province_sees_its_districts_plans_side_by_side(self, login, users, tree):
        make_plan(tree["district"], PlanStatus.ENACTED)
        response = login(users["province_member"]).get(
            reverse("oversight", args=[tree["province"].pk, "plans"])
        )
        rows = {row.task_force.region.code: row.cells[0].value for row in response.context["rows"]}
        assert rows["32.02"] is not None and rows["32.73"] is None
        assert len(rows) == 27
