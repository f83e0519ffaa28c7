"""The answer link of an invitation: confirm or decline without logging in, once per
link; a tampered, expired, spent or closed link explains itself and changes nothing."""

import datetime
import time
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Invitation, Response
from meetings.rsvp import make_token, rsvp_url
from tests.meetings.builders import cancel, invite_new_member, make_meeting


@pytest.fixture
def meeting(tree):
    meeting = make_meeting(tree["province"], title="Rapat koordinasi menyeluruh", place="Aula")
    AgendaItem.objects.create(meeting=meeting, order=1, title="Tindak lanjut rapat lalu")
    return meeting


@pytest.fixture
def invitation(meeting):
    return invite_new_member(meeting)


def url(token: str) -> str:
    return reverse("meetings:rsvp", args=[token])


def snapshot(invitation: Invitation) -> tuple:
    invitation.refresh_from_db()
    return (invitation.response, invitation.responded_at, invitation.rsvp_nonce)


def test_get_shows_the_meeting_and_changes_nothing(client, meeting, invitation):
    other = invite_new_member(meeting)
    before = snapshot(invitation)

    response = client.get(url(make_token(invitation)))

    assert response.status_code == 200
    page = response.content.decode()
    assert meeting.title in page
    assert "Aula" in page
    assert "Tindak lanjut rapat lalu" in page
    assert str(meeting.task_force) in page
    assert invitation.membership.person.full_name in page
    assert 'data-test="rsvp-accept"' in page and 'data-test="rsvp-decline"' in page
    assert other.membership.person.full_name not in page  # never the other invitees
    assert snapshot(invitation) == before  # mail scanners prefetch links


@pytest.mark.parametrize(
    ("choice", "expected"), [("accept", Response.ACCEPTED), ("decline", Response.DECLINED)]
)
def test_answer_is_recorded_and_spends_the_link(client, invitation, choice, expected):
    token = make_token(invitation)
    nonce = invitation.rsvp_nonce

    response = client.post(url(token), {"answer": choice})

    assert response.status_code == 200
    assert 'data-test="rsvp-thanks"' in response.content.decode()
    assert response.context["invitation"].response == expected
    assert 'data-test="rsvp-recorded"' in response.content.decode()
    assert 'data-test="rsvp-accept"' not in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.response == expected
    assert invitation.responded_at is not None
    assert invitation.rsvp_nonce != nonce


def test_the_same_link_again_is_refused(client, invitation):
    token = make_token(invitation)
    client.post(url(token), {"answer": "accept"})
    before = snapshot(invitation)

    for response in (client.get(url(token)), client.post(url(token), {"answer": "decline"})):
        assert response.status_code == 400
        assert "already been used" in response.context["error"]
        assert 'data-test="rsvp-error"' in response.content.decode()
        assert 'data-test="rsvp-accept"' not in response.content.decode()
    assert snapshot(invitation) == before
    assert invitation.response == Response.ACCEPTED


def test_a_tampered_link_is_refused(client, invitation):
    token = make_token(invitation)
    last = "A" if token[-1] != "A" else "B"
    before = snapshot(invitation)

    for tampered in (token[:-1] + last, token.replace(":", "x", 1), "rubbish"):
        response = client.post(url(tampered), {"answer": "accept"})
        assert response.status_code == 400
        assert "not valid" in response.context["error"]
    assert snapshot(invitation) == before


def test_a_link_to_another_invitation_cannot_be_forged(client, meeting, invitation):
    """Changing the invitation id in the payload breaks the signature."""
    import base64
    import json

    other = invite_new_member(meeting)
    payload, rest = make_token(invitation).split(":", 1)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["i"] = other.pk
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    response = client.post(url(f"{forged}:{rest}"), {"answer": "decline"})
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.response == Response.PENDING


def test_an_expired_link_is_refused(client, settings, invitation):
    settings.RSVP_LINK_MAX_AGE_DAYS = 2
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3 * 86400):
        old_token = make_token(invitation)
    before = snapshot(invitation)

    response = client.post(url(old_token), {"answer": "accept"})

    assert response.status_code == 400
    assert "expired" in response.context["error"]
    assert snapshot(invitation) == before
    # a link signed yesterday still works
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 86400):
        recent = make_token(invitation)
    assert client.post(url(recent), {"answer": "accept"}).status_code == 200


def test_a_cancelled_meeting_takes_no_answers(client, meeting, invitation):
    token = make_token(invitation)
    cancel(meeting, "Ketua berhalangan.")
    before = snapshot(invitation)

    response = client.post(url(token), {"answer": "accept"})

    assert response.status_code == 400
    assert "cancelled" in response.context["error"]
    assert snapshot(invitation) == before


def test_a_meeting_that_has_begun_takes_no_answers(client, meeting, invitation):
    token = make_token(invitation)
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save()
    before = snapshot(invitation)

    response = client.post(url(token), {"answer": "decline"})

    assert response.status_code == 400
    assert "already begun" in response.context["error"]
    assert snapshot(invitation) == before


def test_a_deleted_invitation(client, invitation):
    token = make_token(invitation)
    invitation.delete()
    response = client.get(url(token))
    assert response.status_code == 400
    assert "no longer exists" in response.context["error"]


@pytest.mark.parametrize("data", [{"answer": "maybe"}, {"answer": ""}, {}])
def test_a_bad_answer_value_changes_nothing(client, invitation, data):
    token = make_token(invitation)
    before = snapshot(invitation)

    response = client.post(url(token), data)

    assert response.status_code == 400
    assert "Choose one of the two buttons" in response.context["error"]
    assert snapshot(invitation) == before
    # the link is not spent: the real answer still goes through
    assert client.post(url(token), {"answer": "accept"}).status_code == 200


def test_the_reminder_link_works_after_the_invitation_link_was_spent(client, invitation):
    first = make_token(invitation)  # the invitation e-mail
    client.post(url(first), {"answer": "accept"})
    invitation.refresh_from_db()
    reminder = make_token(invitation)  # the reminder carries the current nonce

    response = client.post(url(reminder), {"answer": "decline"})

    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.response == Response.DECLINED
    assert client.post(url(first), {"answer": "accept"}).status_code == 400
    invitation.refresh_from_db()
    assert invitation.response == Response.DECLINED


def test_works_while_logged_in_as_someone_else(client, users, invitation):
    client.force_login(users["outsider_secretariat"])
    assert client.get(url(make_token(invitation))).status_code == 200
    response = client.post(url(make_token(invitation)), {"answer": "accept"})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.response == Response.ACCEPTED


def test_the_e_mailed_address_is_absolute_and_routes_here(settings, client, invitation):
    settings.SITE_URL = "https://gugustugas.example.id/"
    address = rsvp_url(invitation)
    assert address.startswith("https://gugustugas.example.id/rsvp/")
    path = address.removeprefix("https://gugustugas.example.id")
    assert client.get(path).status_code == 200


def test_rsvp_page_query_count(client, django_assert_max_num_queries, meeting, invitation):
    for n in range(10):
        AgendaItem.objects.create(meeting=meeting, order=n + 2, title=f"Butir {n}")
    token = make_token(invitation)
    with django_assert_max_num_queries(8):
        client.get(url(token))
