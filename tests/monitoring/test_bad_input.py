"""Bad input on the statistics: a clear message naming the field, nothing overwritten,
no 500."""

import datetime

import pytest
from django.urls import reverse

from monitoring.models import QuarterlySubmission, SubmissionState
from monitoring.validators import no_personal_data
from tests.monitoring.builders import QUARTER, YEAR, figures, form_data, make_submission

pytestmark = pytest.mark.django_db


def edit(client, submission, **changes):
    data = form_data(figures())
    data.update(changes)
    return client.post(reverse("monitoring:submission_edit", args=[submission.pk]), data)


@pytest.mark.parametrize(
    "value,message",
    [
        ("-3", "Victims identified · total: a count cannot be negative."),
        ("dua", "“dua” is not a whole number"),
        ("2,5", "“2,5” is not a whole number"),
        ("99999999999", "beyond any plausible count"),
    ],
)
def test_a_bad_count_names_its_field_and_changes_nothing(value, message, login, tree, users):
    submission = make_submission(tree["district"])
    client = login(users["district_secretariat"])
    response = edit(client, submission, **{"identified.total": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert submission.values()["identified.total"] == 10


@pytest.mark.parametrize(
    "note",
    ["Korban NIK 3202 1234 5678 0001 dirujuk", "hubungi 0812-3456-7890", "+62 812 3456 7890"],
)
def test_an_identity_or_phone_number_in_the_note_is_refused(note, login, tree, users):
    submission = make_submission(tree["district"])
    client = login(users["district_secretariat"])
    response = edit(client, submission, note=note)
    assert response.status_code == 200
    assert "belong here" in response.content.decode()
    assert QuarterlySubmission.objects.get(pk=submission.pk).note == ""


@pytest.mark.parametrize("text", ["Data dari UPTD PPA, 12 kasus Januari 2025", "Total 1.250 orang"])
def test_ordinary_notes_pass(text):
    no_personal_data(text)


def test_a_second_submission_for_the_quarter_is_refused(login, tree, users):
    make_submission(tree["district"])
    client = login(users["district_secretariat"])
    response = client.post(
        reverse("monitoring:submission_start", args=[tree["district"].pk]),
        {"year": YEAR, "quarter": QUARTER},
        follow=True,
    )
    assert "already has figures for this quarter" in response.content.decode()
    assert QuarterlySubmission.objects.filter(task_force=tree["district"]).count() == 1


def test_a_quarter_in_the_future_is_refused(login, tree, users):
    client = login(users["district_secretariat"])
    today = datetime.date.today()
    next_year = client.post(
        reverse("monitoring:submission_start", args=[tree["district"].pk]),
        {"year": today.year + 1, "quarter": 1},
        follow=True,
    )
    assert next_year.status_code == 200
    assert not QuarterlySubmission.objects.exists()
    if today.month <= 9:
        later = client.post(
            reverse("monitoring:submission_start", args=[tree["district"].pk]),
            {"year": today.year, "quarter": 4},
            follow=True,
        )
        assert "has not started yet" in later.content.decode()
        assert not QuarterlySubmission.objects.exists()


def test_the_current_quarter_cannot_be_submitted_before_it_ends(login, tree, users):
    today = datetime.date.today()
    submission = make_submission(
        tree["district"], year=today.year, quarter=(today.month - 1) // 3 + 1
    )
    client = login(users["district_secretariat"])
    response = client.post(
        reverse("monitoring:submission_submit", args=[submission.pk]), follow=True
    )
    assert "has not ended yet" in response.content.decode()
    assert QuarterlySubmission.objects.get(pk=submission.pk).state == SubmissionState.DRAFT


def test_a_district_cannot_accept_its_own_submission(login, tree, users):
    submission = make_submission(tree["district"], SubmissionState.SUBMITTED)
    client = login(users["district_daily_chair"])
    response = client.post(reverse("monitoring:submission_accept", args=[submission.pk]))
    assert response.status_code == 403


def test_an_out_of_range_quarter_is_not_found(login, tree, users):
    client = login(users["national_daily_chair"])
    url = reverse("monitoring:aggregate", args=[tree["national"].pk, YEAR, 7])
    assert client.get(url).status_code == 404
    assert client.get(reverse("monitoring:open_data") + "?year=abc").status_code == 404
    assert client.get(reverse("monitoring:open_data") + "?region=99").status_code == 404


def test_dashboard_shows_the_owed_quarter(login, tree, users):
    client = login(users["district_secretariat"])
    tree["district"].formation_status = "formed"
    tree["district"].save()
    page = client.get(reverse("dashboard")).content.decode()
    assert "panel-statistics" in page
    assert reverse("monitoring:statistics_home", args=[tree["district"].pk]) in page
