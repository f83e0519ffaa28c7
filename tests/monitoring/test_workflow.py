"""The cascade: a district submits, its province returns or accepts, the province's
aggregate goes up the same way; accepted figures are locked; every step e-mails the
other side."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from monitoring import services
from monitoring.models import QuarterlySubmission, SubmissionState
from tests.meetings.builders import run_tasks
from tests.monitoring.builders import QUARTER, YEAR, figures, form_data, make_submission

S = SubmissionState
pytestmark = pytest.mark.django_db


def step(client, submission, name, note=""):
    # The step's e-mail is queued once the step's transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        url = reverse(f"monitoring:submission_{name}", args=[submission.pk])
        return client.post(url, {"note": note})


def as_user(user) -> Client:
    """A client of its own per user: the journeys switch between people."""
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def reload(submission):
    return QuarterlySubmission.objects.get(pk=submission.pk)


def test_secretariat_starts_a_quarter_and_enters_figures(login, tree, users):
    client = login(users["district_secretariat"])
    response = client.post(
        reverse("monitoring:submission_start", args=[tree["district"].pk]),
        {"year": YEAR, "quarter": QUARTER},
    )
    submission = QuarterlySubmission.objects.get(task_force=tree["district"])
    assert response.status_code == 302
    assert response.url == reverse("monitoring:submission_edit", args=[submission.pk])
    values = figures(identified=1250)
    data = form_data(values)
    data["identified.total"] = "1.250"  # as Indonesians type it
    data["prosecution.verdicts"] = "?"
    response = client.post(response.url, data)
    assert response.status_code == 302
    stored = submission.values()
    assert stored["identified.total"] == 1250
    assert stored["prosecution.verdicts"] is None  # not known, not zero


def test_a_draft_that_does_not_add_up_is_saved_but_not_submitted(login, tree, users):
    submission = make_submission(tree["district"])
    client = login(users["district_secretariat"])
    data = form_data(figures())
    data["identified.exploitation.forced_labour"] = "8"  # 8 of 10
    response = client.post(reverse("monitoring:submission_edit", args=[submission.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Victims identified by form of exploitation adds up to 8" in page
    assert reload(submission).values()["identified.exploitation.forced_labour"] == 8
    response = step(client, submission, "submit")
    assert reload(submission).state == S.DRAFT
    assert "cannot be submitted yet" in client.get(response.url).content.decode()


def test_the_full_cascade(tree, users):
    district = make_submission(tree["district"])
    client = as_user(users["district_secretariat"])
    assert step(client, district, "submit").status_code == 302
    assert reload(district).state == S.SUBMITTED
    run_tasks()
    assert mail.outbox[-1].to == [users["province_daily_chair"].person.email]
    # The district's own steering chair may not accept: the province reviews.
    client = as_user(users["district_daily_chair"])
    assert step(client, district, "accept").status_code == 403
    province = as_user(users["province_daily_chair"])
    step(province, district, "return")  # no reason: refused
    assert reload(district).state == S.SUBMITTED
    step(province, district, "return", "Rincian umur tidak lengkap.")
    assert reload(district).state == S.RETURNED
    run_tasks()
    with translation.override(settings.LANGUAGE_CODE):  # e-mails speak the default language
        returned = gettext("Statistics %(period)s of %(task_force)s returned for correction") % {
            "period": reload(district).period_label,
            "task_force": tree["district"],
        }
    assert mail.outbox[-1].subject == returned
    assert "Rincian umur tidak lengkap." in mail.outbox[-1].body
    assert users["district_secretariat"].person.email in mail.outbox[-1].to
    client = as_user(users["district_secretariat"])
    step(client, district, "resubmit")
    assert reload(district).state == S.SUBMITTED
    step(province, district, "accept")
    assert reload(district).state == S.ACCEPTED
    # Locked: the figures cannot change.
    response = client.get(reverse("monitoring:submission_edit", args=[district.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("monitoring:submission_edit", args=[district.pk]), form_data(figures(99))
    )
    assert reload(district).values()["identified.total"] == 10
    # The province submits its aggregate; the national level accepts it.
    own = make_submission(tree["province"], values=figures(identified=5, assisted=5))
    agg = services.aggregate(tree["province"], YEAR, [QUARTER], own_any_state=True)
    assert agg["identified.total"].value == 15
    step(province, own, "submit")
    # A province secretariat cannot accept its own province's submission either.
    assert step(as_user(users["province_secretariat"]), own, "accept").status_code == 403
    # With the province's aggregate submitted, the district cannot be reopened under it.
    step(province, district, "reopen", "Koreksi")
    assert reload(district).state == S.ACCEPTED
    national = as_user(users["national_daily_chair"])
    step(national, own, "accept")
    assert reload(own).state == S.ACCEPTED
    assert services.aggregate(tree["national"], YEAR, [QUARTER])["identified.total"].value == 15
    step(national, own, "reopen", "Angka kabupaten perlu dikoreksi")
    assert reload(own).state == S.RETURNED
    step(province, district, "reopen", "Koreksi")
    assert reload(district).state == S.RETURNED
    steps = [r.step for r in reload(district).timeline]
    assert steps == ["submit", "return", "resubmit", "accept", "reopen"]


def test_nobody_accepts_what_they_submitted(login, tree, users):
    # A superuser may do everything, but not review his own submission.
    submission = make_submission(tree["district"])
    client = login(users["superuser"])
    step(client, submission, "submit")
    step(client, submission, "accept")
    assert reload(submission).state == S.SUBMITTED


def test_a_submission_after_acceptance_is_refused(login, tree, users):
    submission = make_submission(tree["district"], S.ACCEPTED)
    client = login(users["district_secretariat"])
    step(client, submission, "resubmit")
    assert reload(submission).state == S.ACCEPTED
