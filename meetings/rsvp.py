"""Signed answer links: an invitee confirms or declines without logging in.

The link carries the invitation's id and its current nonce, signed with the project's
secret and a timestamp. It is refused when tampered with, older than
``RSVP_LINK_MAX_AGE`` days, spent (answering through a link spends its nonce; the
reminder brings a fresh one), or when the meeting has begun or was cancelled.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Invitation, Response

SALT = "meetings.rsvp"


def make_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.rsvp_nonce}, salt=SALT)


def rsvp_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meetings:rsvp", args=[make_token(invitation)])


class LinkError(Exception):
    """Why a link cannot be used, for the person who followed it."""


def check_token(token: str, now: datetime.datetime | None = None, lock: bool = False) -> Invitation:
    """The invitation the link answers for, or ``LinkError`` with a clear reason. With
    ``lock`` (inside a transaction) its row stays locked until the transaction ends."""
    max_age = datetime.timedelta(days=settings.RSVP_LINK_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkError(
            _("This link has expired. Ask the secretariat for a new invitation.")
        ) from error
    except signing.BadSignature as error:
        raise LinkError(
            _("This link is not valid. Use the link exactly as it came in the e-mail.")
        ) from error
    invitations = Invitation.objects.select_related(
        "meeting__task_force__region", "membership__person"
    )
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    try:
        invitation = invitations.get(pk=data["i"])
    except (Invitation.DoesNotExist, KeyError, TypeError) as error:
        raise LinkError(_("This invitation no longer exists.")) from error
    meeting = invitation.meeting
    if meeting.is_cancelled:
        raise LinkError(_("This meeting has been cancelled."))
    if meeting.starts_at <= (now or timezone.now()):
        raise LinkError(_("This meeting has already begun; answers are closed."))
    if data.get("n") != invitation.rsvp_nonce:
        raise LinkError(
            _(
                "This link has already been used: your answer “%(answer)s” is recorded. "
                "To change it, use the link in the reminder or tell the secretariat."
            )
            % {"answer": invitation.get_response_display()}
        )
    return invitation


@transaction.atomic
def answer(token: str, accept: bool) -> Invitation:
    """Record the answer and spend the link; raises ``LinkError``."""
    invitation = check_token(token, lock=True)  # one answer per link, even at once
    invitation.response = Response.ACCEPTED if accept else Response.DECLINED
    invitation.responded_at = timezone.now()
    invitation.spend_nonce()
    invitation.save()
    return invitation
