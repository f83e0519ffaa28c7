"""Capacity: trainings with test scores, the induction pack and each member's induction,
turnover (successor and handover), the yearly training-needs survey and the export."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gugustugas.models import Role
from members.models import (
    InductionItem,
    Membership,
    NeedsSurveyResponse,
    Partner,
    Topic,
    Training,
    TrainingParticipant,
)
from members.views_training import needs_summary
from tests.conftest import PDF_BYTES, AgencyFactory, make_member


def english(client):
    client.cookies["django_language"] = "en"
    return client


def training_data(participants=(), **overrides):
    """POST data of the training form with its participants formset."""
    data = {
        "topic": Topic.DEFINITION,
        "title": "Pelatihan indikator TPPO",
        "date": "2025-03-04",
        "place": "Bandung",
        "organiser": "Sekretariat GT Jawa Barat",
        "partner": "",
        "external_participants": "12",
        "notes": "",
        "participants-TOTAL_FORMS": str(len(participants)),
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(participants):
        for key, value in row.items():
            data[f"participants-{n}-{key}"] = "" if value is None else str(value)
    data.update(overrides)
    return data


def edit_data(training, rows, **overrides):
    """POST data of the edit form: the existing participants first, then new rows."""
    data = training_data(
        [],
        topic=training.topic,
        title=training.title,
        date=training.date.isoformat(),
        place=training.place,
        organiser=training.organiser,
        external_participants=str(training.external_participants),
    )
    existing = list(training.participants.all())
    data["participants-TOTAL_FORMS"] = str(len(rows))
    data["participants-INITIAL_FORMS"] = str(len(existing))
    for n, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                data[f"participants-{n}-{key}"] = "on"
            elif value is not None:
                data[f"participants-{n}-{key}"] = str(value)
    data.update(overrides)
    return data


def make_training(task_force, **fields):
    defaults = dict(
        topic=Topic.TRAUMA,
        title="Pendampingan korban",
        date=datetime.date(2025, 5, 6),
        place="Bandung",
        organiser="P2TP2A",
    )
    return Training.objects.create(task_force=task_force, **(defaults | fields))


def knowledge_rose_on_page(response) -> str:
    match = re.search(r'id="knowledge-rose">([^<]*)<', response.content.decode())
    assert match, "the page has no knowledge-rose element"
    return match.group(1).strip()


@pytest.mark.django_db
class TestTrainings:
    def test_secretariat_records_a_training_with_participants_and_scores(self, login, users, tree):
        a = make_member(tree["province"], Role.MEMBER)
        b = make_member(tree["province"], Role.MEMBER)
        c = make_member(tree["province"], Role.MEMBER)
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:training_create", args=[tree["province"].pk]),
            training_data(
                [
                    {"person": a.person_id, "pre_score": 40, "post_score": 75},
                    {"person": b.person_id, "pre_score": 60, "post_score": 55},
                    {"person": c.person_id, "pre_score": 50, "post_score": 90},
                    {"person": "", "pre_score": "", "post_score": ""},  # an empty row
                ]
            ),
        )
        assert response.status_code == 302
        training = Training.objects.get(task_force=tree["province"])
        assert response["Location"] == training.get_absolute_url()
        assert training.external_participants == 12
        scores = {p.person_id: (p.pre_score, p.post_score) for p in training.participants.all()}
        assert scores == {a.person_id: (40, 75), b.person_id: (60, 55), c.person_id: (50, 90)}
        detail = client.get(training.get_absolute_url())
        assert detail.status_code == 200
        assert detail.context["knowledge_rose"] == Decimal("66.7")
        assert knowledge_rose_on_page(detail).startswith("66")

    def test_a_score_above_100_is_a_form_error_and_nothing_is_saved(self, login, users, tree):
        a = make_member(tree["province"], Role.MEMBER)
        response = login(users["province_secretariat"]).post(
            reverse("members:training_create", args=[tree["province"].pk]),
            training_data([{"person": a.person_id, "pre_score": 30, "post_score": 101}]),
        )
        assert response.status_code == 200
        assert "post_score" in response.context["participants"].forms[0].errors
        assert not Training.objects.exists()
        assert not TrainingParticipant.objects.exists()

    def test_a_member_counted_twice_is_a_form_error_and_nothing_is_saved(self, login, users, tree):
        a = make_member(tree["province"], Role.MEMBER)
        b = make_member(tree["province"], Role.MEMBER)
        response = english(login(users["province_secretariat"])).post(
            reverse("members:training_create", args=[tree["province"].pk]),
            training_data(
                [
                    {"person": a.person_id, "pre_score": 30, "post_score": 80},
                    {"person": b.person_id},
                    {"person": a.person_id, "pre_score": 35, "post_score": 85},
                ]
            ),
        )
        assert response.status_code == 200
        formset = response.context["participants"]
        assert "counted" in " ".join(formset.non_form_errors())
        assert "person" in formset.forms[2].errors
        assert not Training.objects.exists()
        assert not TrainingParticipant.objects.exists()

    def test_a_member_counted_twice_on_edit_leaves_the_training_as_it_was(self, login, users, tree):
        a = make_member(tree["province"], Role.MEMBER)
        training = make_training(tree["province"])
        first = TrainingParticipant.objects.create(training=training, person=a.person)
        response = login(users["province_secretariat"]).post(
            reverse("members:training_edit", args=[training.pk]),
            edit_data(
                training,
                [{"id": first.pk, "person": a.person_id}, {"person": a.person_id}],
                title="Judul baru",
            ),
        )
        assert response.status_code == 200
        training.refresh_from_db()
        assert training.title == "Pendampingan korban"
        assert training.participants.count() == 1

    def test_participants_are_removed_and_added_on_edit(self, login, users, tree):
        a = make_member(tree["province"], Role.MEMBER)
        b = make_member(tree["province"], Role.MEMBER)
        training = make_training(tree["province"])
        leaving = TrainingParticipant.objects.create(training=training, person=a.person)
        response = login(users["province_secretariat"]).post(
            reverse("members:training_edit", args=[training.pk]),
            edit_data(
                training,
                [
                    {"id": leaving.pk, "person": a.person_id, "DELETE": True},
                    {"person": b.person_id, "pre_score": 0, "post_score": 100},
                ],
            ),
        )
        assert response.status_code == 302
        assert [(p.person_id, p.pre_score, p.post_score) for p in training.participants.all()] == [
            (b.person_id, 0, 100)
        ]

    def test_only_people_of_the_task_force_can_be_participants(self, login, users, tree):
        foreign = make_member(tree["outsider"], Role.MEMBER)
        response = login(users["province_secretariat"]).post(
            reverse("members:training_create", args=[tree["province"].pk]),
            training_data([{"person": foreign.person_id}]),
        )
        assert response.status_code == 200
        assert "person" in response.context["participants"].forms[0].errors
        assert not Training.objects.exists()

    def test_partner_choices_are_the_task_forces_partners(self, login, users, tree):
        own = Partner.objects.create(task_force=tree["province"], name="LBH Bandung", kind="ngo")
        other = Partner.objects.create(task_force=tree["outsider"], name="LBH Batam", kind="ngo")
        client = login(users["province_secretariat"])
        url = reverse("members:training_create", args=[tree["province"].pk])
        assert list(client.get(url).context["form"].fields["partner"].queryset) == [own]
        response = client.post(url, training_data(partner=other.pk))
        assert "partner" in response.context["form"].errors
        assert client.post(url, training_data(partner=own.pk)).status_code == 302
        assert Training.objects.get().partner == own

    def test_the_membership_page_lists_the_trainings_attended(self, login, users, tree):
        member = make_member(tree["province"], Role.MEMBER)
        attended = make_training(tree["province"], title="Teknik wawancara")
        make_training(tree["province"], title="Tidak dihadiri")
        TrainingParticipant.objects.create(
            training=attended, person=member.person, pre_score=50, post_score=70
        )
        response = login(users["province_member"]).get(member.get_absolute_url())
        assert [p.training for p in response.context["trainings_attended"]] == [attended]
        assert "Teknik wawancara" in response.content.decode()
        assert "Tidak dihadiri" not in response.content.decode()

    def test_knowledge_rose_is_a_dash_without_scores(self, login, users, tree):
        member = make_member(tree["province"], Role.MEMBER)
        training = make_training(tree["province"])
        TrainingParticipant.objects.create(training=training, person=member.person)
        response = login(users["province_member"]).get(training.get_absolute_url())
        assert response.context["knowledge_rose"] is None
        assert knowledge_rose_on_page(response) == "—"

    def test_the_list_filters_by_year(self, login, users, tree):
        old = make_training(tree["province"], date=datetime.date(2023, 2, 1))
        new = make_training(tree["province"], date=datetime.date(2025, 2, 1))
        client = login(users["province_member"])
        url = reverse("members:training_list", args=[tree["province"].pk])
        assert list(client.get(url).context["object_list"]) == [new, old]
        assert list(client.get(url, {"year": "2023"}).context["object_list"]) == [old]
        # A year without trainings is not a choice: the filter says so, no error page.
        assert client.get(url, {"year": "99999"}).status_code == 200

    def test_an_outsider_gets_404(self, login, users, tree):
        training = make_training(tree["province"])
        client = login(users["outsider_secretariat"])
        assert client.get(training.get_absolute_url()).status_code == 404
        assert client.get(reverse("members:training_edit", args=[training.pk])).status_code == 404
        url = reverse("members:training_list", args=[tree["province"].pk])
        assert client.get(url).status_code == 404

    def test_a_province_member_may_read_but_not_record(self, login, users, tree):
        training = make_training(tree["province"])
        client = login(users["province_member"])
        create = reverse("members:training_create", args=[tree["province"].pk])
        assert client.get(create).status_code == 403
        assert client.post(create, training_data()).status_code == 403
        assert client.get(training.get_absolute_url()).status_code == 200
        assert client.get(reverse("members:training_edit", args=[training.pk])).status_code == 403
        assert Training.objects.count() == 1

    def test_the_national_secretariat_oversees_but_does_not_record(self, login, users, tree):
        training = make_training(tree["province"])
        client = login(users["national_secretariat"])
        assert client.get(training.get_absolute_url()).status_code == 200
        create = reverse("members:training_create", args=[tree["province"].pk])
        assert client.get(create).status_code == 403


@pytest.mark.django_db
class TestAttendanceExport:
    def test_one_row_per_participant_and_the_outside_count_per_training(self, login, users, tree):
        agency = AgencyFactory(task_force=tree["province"], name="Dinas Sosial Jawa Barat")
        member = make_member(tree["province"], Role.MEMBER, agency=agency)
        other = make_member(tree["province"], Role.MEMBER)
        first = make_training(tree["province"], title="=HYPERLINK(1)", external_participants=7)
        TrainingParticipant.objects.create(
            training=first, person=member.person, pre_score=40, post_score=80
        )
        TrainingParticipant.objects.create(training=first, person=other.person)
        second = make_training(
            tree["province"], date=datetime.date(2025, 8, 1), title="Eksploitasi tenaga kerja"
        )
        TrainingParticipant.objects.create(
            training=second, person=member.person, pre_score=70, post_score=60
        )
        make_training(tree["outsider"], title="Pelatihan lain")
        client = english(login(users["province_member"]))
        response = client.get(reverse("members:training_export", args=[tree["province"].pk]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        attendance, trainings = workbook.worksheets
        rows = list(attendance.iter_rows(min_row=2, values_only=True))
        assert len(rows) == 3
        by_person = {(row[1], row[3]): row for row in rows}
        row = by_person[("=HYPERLINK(1)", str(member.person))]
        assert row[4] == "Dinas Sosial Jawa Barat"
        assert row[5:] == (40, 80, "Yes")
        assert by_person[("Eksploitasi tenaga kerja", str(member.person))][5:] == (70, 60, "No")
        assert by_person[("=HYPERLINK(1)", str(other.person))][5:] == (None, None, None)
        assert attendance.cell(row=2, column=2).data_type == "s"  # not a formula
        summary = {row[1]: row for row in trainings.iter_rows(min_row=2, values_only=True)}
        assert set(summary) == {"=HYPERLINK(1)", "Eksploitasi tenaga kerja"}
        assert summary["=HYPERLINK(1)"][6:8] == (2, 7)  # members attending, from outside

    def test_an_outsider_gets_404(self, login, users, tree):
        client = login(users["outsider_secretariat"])
        url = reverse("members:training_export", args=[tree["province"].pk])
        assert client.get(url).status_code == 404


@pytest.mark.django_db
class TestInduction:
    def add_url(self, tree):
        return reverse("members:induction_item_create", args=[tree["province"].pk])

    def test_secretariat_adds_a_file_and_readers_download_it(self, login, users, tree):
        client = login(users["province_secretariat"])
        response = client.post(
            self.add_url(tree),
            {
                "kind": InductionItem.Kind.SOP,
                "title": "SOP pelayanan terpadu",
                "file": SimpleUploadedFile("sop.pdf", PDF_BYTES),
            },
        )
        assert response.status_code == 302
        item = InductionItem.objects.get(task_force=tree["province"])
        download = reverse("members:induction_item_download", args=[item.pk])
        reader = login(users["province_member"])
        assert b"".join(reader.get(download).streaming_content) == PDF_BYTES
        page = reader.get(reverse("members:induction", args=[tree["province"].pk]))
        assert list(page.context["items"]) == [item]
        assert login(users["outsider_secretariat"]).get(download).status_code == 404

    def test_a_link_is_enough(self, login, users, tree):
        response = login(users["province_secretariat"]).post(
            self.add_url(tree),
            {"kind": "rad", "title": "RAD 2025-2029", "url": "https://jabarprov.go.id/rad"},
        )
        assert response.status_code == 302
        assert InductionItem.objects.get().url == "https://jabarprov.go.id/rad"

    def test_an_item_without_file_or_link_is_refused(self, login, users, tree):
        response = english(login(users["province_secretariat"])).post(
            self.add_url(tree), {"kind": "statistics", "title": "Statistik kasus"}
        )
        assert response.status_code == 200
        assert "Add a file or a link." in str(response.context["form"].errors)
        assert not InductionItem.objects.exists()

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("program.exe", b"MZ\x90\x00", "Only PDF"),
            ("palsu.pdf", b"just text", "does not match"),
        ],
    )
    def test_a_wrong_file_type_is_refused(self, login, users, tree, name, content, message):
        response = english(login(users["province_secretariat"])).post(
            self.add_url(tree),
            {"kind": "sop", "title": "SOP", "file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 200
        assert message in str(response.context["form"].errors["file"])
        assert not InductionItem.objects.exists()

    def test_a_file_over_the_limit_is_refused(self, login, users, tree, settings):
        settings.EVIDENCE_MAX_BYTES = 100
        response = login(users["province_secretariat"]).post(
            self.add_url(tree),
            {
                "kind": "sop",
                "title": "SOP",
                "file": SimpleUploadedFile("b.pdf", b"%PDF" + b"x" * 200),
            },
        )
        assert "file" in response.context["form"].errors
        assert not InductionItem.objects.exists()

    def test_secretariat_removes_an_item(self, login, users, tree):
        item = InductionItem.objects.create(
            task_force=tree["province"], kind="rad", title="RAD", url="https://example.id"
        )
        url = reverse("members:induction_item_remove", args=[item.pk])
        assert login(users["province_member"]).post(url).status_code == 403
        client = login(users["province_secretariat"])
        assert client.get(url).status_code == 405
        assert client.post(url).status_code == 302
        assert not InductionItem.objects.exists()

    def test_removing_an_item_removes_its_file(
        self, login, users, tree, django_capture_on_commit_callbacks
    ):
        item = InductionItem(task_force=tree["province"], kind="sop", title="SOP")
        item.file.save("sop.pdf", ContentFile(b"%PDF-1.4"), save=True)
        storage, name = item.file.storage, item.file.name
        assert storage.exists(name)
        client = login(users["province_secretariat"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members:induction_item_remove", args=[item.pk]))
        assert response.status_code == 302
        assert not storage.exists(name)

    def test_marking_both_steps_completes_the_induction(self, login, users, tree):
        newcomer = make_member(tree["province"], Role.MEMBER, start_date=timezone.localdate())
        client = login(users["province_secretariat"])
        page = client.get(tree["province"].get_absolute_url())
        assert newcomer in page.context["induction_pending"]
        assert 'id="induction-pending"' in page.content.decode()

        received = reverse("members:induction_pack_received", args=[newcomer.pk])
        trained = reverse("members:induction_training_done", args=[newcomer.pk])
        assert client.get(received).status_code == 405
        assert client.post(received).status_code == 302
        newcomer.refresh_from_db()
        assert newcomer.induction_pack_received == timezone.localdate()
        assert not newcomer.induction_complete
        page = client.get(tree["province"].get_absolute_url())
        assert newcomer in page.context["induction_pending"]

        assert client.post(trained).status_code == 302
        newcomer.refresh_from_db()
        assert newcomer.mandatory_training_done == timezone.localdate()
        assert newcomer.induction_complete
        page = client.get(tree["province"].get_absolute_url())
        assert newcomer not in page.context["induction_pending"]
        assert 'id="current-members"' in page.content.decode()

    def test_an_earlier_date_is_not_overwritten(self, login, users, tree):
        earlier = datetime.date(2024, 2, 1)
        member = make_member(tree["province"], Role.MEMBER, induction_pack_received=earlier)
        login(users["province_secretariat"]).post(
            reverse("members:induction_pack_received", args=[member.pk])
        )
        member.refresh_from_db()
        assert member.induction_pack_received == earlier

    def test_only_editors_mark_steps(self, login, users, tree):
        member = make_member(tree["province"], Role.MEMBER)
        url = reverse("members:induction_training_done", args=[member.pk])
        assert login(users["province_member"]).post(url).status_code == 403
        assert login(users["province_chair"]).post(url).status_code == 403
        assert login(users["outsider_secretariat"]).post(url).status_code == 404
        member.refresh_from_db()
        assert member.mandatory_training_done is None

    def test_the_induction_page_shows_mandatory_trainings_attended(self, login, users, tree):
        member = make_member(tree["province"], Role.MEMBER)
        mandatory = make_training(tree["province"], mandatory=True)
        TrainingParticipant.objects.create(training=mandatory, person=member.person)
        page = login(users["province_member"]).get(
            reverse("members:induction", args=[tree["province"].pk])
        )
        row = next(m for m in page.context["members"] if m.pk == member.pk)
        assert row.mandatory_trainings == [mandatory]

    def test_a_former_member_is_not_pending(self, login, users, tree):
        former = make_member(tree["province"], Role.MEMBER, end_date=datetime.date(2024, 6, 1))
        page = login(users["province_member"]).get(tree["province"].get_absolute_url())
        assert former not in page.context["induction_pending"]
        assert 'id="former-members"' in page.content.decode()


@pytest.mark.django_db
class TestTurnover:
    def test_the_leaving_member_names_a_successor_and_both_pages_link(self, login, users, tree):
        agency = AgencyFactory(task_force=tree["province"])
        leaving = make_member(tree["province"], Role.MEMBER, agency=agency, position_title="Kabid")
        successor = make_member(
            tree["province"], Role.MEMBER, agency=agency, position_title="Kabid"
        )
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_end", args=[leaving.pk]),
            {
                "end_date": "2025-06-30",
                "handover_note": "Berkas di lemari arsip.",
                "successor": successor.pk,
            },
        )
        assert response.status_code == 302
        leaving.refresh_from_db()
        assert leaving.successor == successor
        page = client.get(leaving.get_absolute_url())
        assert page.context["successor"] == successor
        assert successor.get_absolute_url() in page.content.decode()
        page = client.get(successor.get_absolute_url())
        assert list(page.context["predecessors"]) == [leaving]
        assert leaving.get_absolute_url() in page.content.decode()
        assert list(page.context["position_holders"]) == [leaving]

    def test_the_successor_is_optional(self, login, users, tree):
        leaving = make_member(tree["province"], Role.MEMBER)
        response = login(users["province_secretariat"]).post(
            reverse("members:membership_end", args=[leaving.pk]),
            {"end_date": "2025-06-30", "handover_note": "Catatan."},
        )
        assert response.status_code == 302
        leaving.refresh_from_db()
        assert leaving.successor is None and leaving.end_date == datetime.date(2025, 6, 30)

    def test_successor_choices_are_other_current_members_of_the_task_force(
        self, login, users, tree
    ):
        leaving = make_member(tree["province"], Role.MEMBER)
        former = make_member(tree["province"], Role.MEMBER, end_date=datetime.date(2024, 6, 1))
        foreign = make_member(tree["outsider"], Role.MEMBER)
        client = login(users["province_secretariat"])
        url = reverse("members:membership_end", args=[leaving.pk])
        choices = set(client.get(url).context["form"].fields["successor"].queryset)
        assert choices == set(
            Membership.objects.current().filter(task_force=tree["province"]).exclude(pk=leaving.pk)
        )
        assert leaving not in choices and former not in choices and foreign not in choices
        for refused in (leaving, former, foreign):
            response = client.post(
                url, {"end_date": "2025-06-30", "handover_note": "x", "successor": refused.pk}
            )
            assert response.status_code == 200
            assert "successor" in response.context["form"].errors
        leaving.refresh_from_db()
        assert leaving.end_date is None


@pytest.mark.django_db
class TestNeedsSurvey:
    def answer_url(self, tree):
        return reverse("members:needs_survey_answer", args=[tree["province"].pk])

    def test_a_member_answers_for_themself(self, login, users, tree):
        client = login(users["province_member"])
        form = client.get(self.answer_url(tree)).context["form"]
        assert "person" not in form.fields
        assert form.fields["year"].initial == timezone.localdate().year
        someone_else = make_member(tree["province"], Role.MEMBER)
        response = client.post(
            self.answer_url(tree),
            {
                "year": "2025",
                "topics": [Topic.TRAUMA, Topic.CHILDREN],
                "other_needs": "Bahasa isyarat",
                "person": someone_else.person_id,  # ignored: a member answers for themself
            },
        )
        assert response.status_code == 302
        answer = NeedsSurveyResponse.objects.get()
        assert answer.person == users["province_member"].person
        assert answer.task_force == tree["province"]
        assert (answer.year, answer.topics) == (2025, ["trauma", "children"])

    def test_a_second_answer_in_the_same_year_is_refused(self, login, users, tree):
        client = english(login(users["province_member"]))
        data = {"year": "2025", "topics": [Topic.LABOUR]}
        assert client.post(self.answer_url(tree), data).status_code == 302
        response = client.post(self.answer_url(tree), data)
        assert response.status_code == 200
        assert "already answered" in str(response.context["form"].errors)
        assert NeedsSurveyResponse.objects.count() == 1
        data["year"] = "2026"
        assert client.post(self.answer_url(tree), data).status_code == 302

    def test_an_empty_answer_is_refused(self, login, users, tree):
        response = login(users["province_member"]).post(self.answer_url(tree), {"year": "2025"})
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not NeedsSurveyResponse.objects.exists()

    def test_the_secretariat_answers_for_a_member(self, login, users, tree):
        member = make_member(tree["province"], Role.MEMBER)
        former = make_member(tree["province"], Role.MEMBER, end_date=datetime.date(2024, 6, 1))
        foreign = make_member(tree["outsider"], Role.MEMBER)
        client = login(users["province_secretariat"])
        form = client.get(self.answer_url(tree)).context["form"]
        people = set(form.fields["person"].queryset)
        assert member.person in people
        assert former.person not in people and foreign.person not in people
        assert form.fields["person"].initial == users["province_secretariat"].person
        response = client.post(
            self.answer_url(tree),
            {"year": "2025", "person": member.person_id, "topics": [Topic.INTERVIEW]},
        )
        assert response.status_code == 302
        assert NeedsSurveyResponse.objects.get().person == member.person
        response = client.post(
            self.answer_url(tree),
            {"year": "2025", "person": foreign.person_id, "topics": [Topic.INTERVIEW]},
        )
        assert "person" in response.context["form"].errors

    def test_someone_without_a_seat_on_the_task_force_may_not_answer(self, login, users, tree):
        # The national secretariat oversees the province but does not sit on it.
        assert login(users["national_secretariat"]).get(self.answer_url(tree)).status_code == 403
        assert login(users["outsider_secretariat"]).get(self.answer_url(tree)).status_code == 404
        response = login(users["national_member"]).post(
            self.answer_url(tree), {"year": "2025", "topics": [Topic.LABOUR]}
        )
        assert response.status_code == 403
        assert not NeedsSurveyResponse.objects.exists()

    def test_the_results_count_topics_per_year_with_shares(self, login, users, tree):
        province = tree["province"]
        people = [make_member(province, Role.MEMBER).person for _ in range(4)]
        for person, topics, other in [
            (people[0], ["trauma", "children"], ""),
            (people[1], ["trauma"], "Pelatihan bahasa isyarat"),
            (people[2], ["trauma", "labour"], ""),
            (people[3], [], "Analisis data kasus"),
        ]:
            NeedsSurveyResponse.objects.create(
                task_force=province, year=2025, person=person, topics=topics, other_needs=other
            )
        NeedsSurveyResponse.objects.create(
            task_force=province, year=2024, person=people[0], topics=["labour"]
        )
        NeedsSurveyResponse.objects.create(
            task_force=tree["outsider"],
            year=2025,
            person=make_member(tree["outsider"], Role.MEMBER).person,
            topics=["children"],
        )
        client = login(users["province_member"])
        url = reverse("members:needs_survey_results", args=[province.pk])
        summary = client.get(url, {"year": "2025"}).context["summary"]
        assert summary.respondents == 4
        counts = [(t.topic, t.count, t.share) for t in summary.topics if t.count]
        assert counts == [
            ("trauma", 3, Decimal("75.0")),
            ("children", 1, Decimal("25.0")),
            ("labour", 1, Decimal("25.0")),
        ]
        assert len(summary.topics) == len(Topic.choices)
        assert {r.other_needs for r in summary.other_needs} == {
            "Pelatihan bahasa isyarat",
            "Analisis data kasus",
        }
        page = client.get(url, {"year": "2024"})
        assert page.context["summary"].respondents == 1
        assert client.get(url, {"year": "tahun"}).status_code == 200
        assert client.get(url, {"year": "99999"}).context["year"] == timezone.localdate().year

    def test_the_results_are_404_out_of_scope(self, login, users, tree):
        url = reverse("members:needs_survey_results", args=[tree["province"].pk])
        assert login(users["outsider_secretariat"]).get(url).status_code == 404


def test_needs_summary_without_respondents_has_no_shares():
    summary = needs_summary([])
    assert summary.respondents == 0
    assert all(t.count == 0 and t.share is None for t in summary.topics)
    assert [t.topic for t in summary.topics] == list(Topic.values)
