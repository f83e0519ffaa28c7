"""Forms of the scheduling pages: the meeting (with its case-conference section), agenda
items, materials, cancelling, invitations, attendance, and the meetings list filter."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from gugustugas.concurrency import VersionedFormMixin
from gugustugas.forms import (
    BoundedIdMultipleChoiceField,
    IntegerInputField,
    LocalizedFormMetaclass,
    id_from_text,
    localize_fields,
)
from gugustugas.models import Level, Role, SubTaskForce
from gugustugas.uploads import validate_document
from meetings import rules
from meetings.invitations import BELOW_ROLES, eligible_memberships, own_memberships
from meetings.models import (
    AgendaItem,
    Attendance,
    Invitation,
    Kind,
    Material,
    Meeting,
    kinds_for_level,
)
from members.models import Membership

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
INPUT_FORMATS = [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

NO_IDENTITY_WARNING = _(
    "Never enter a victim's name or identity here — no name, address, ID number, photo or "
    "description that could identify the person. Record only the case reference code "
    "from the service centre's register; the tasks agreed go into the minutes."
)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_LOCAL)


def _join(*texts) -> str:
    return " ".join(str(t) for t in texts if t)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if layout:
        helper.layout = Layout(*layout)
    return helper


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        agency = obj.agency.short_name or obj.agency.name
        return f"{obj.person} — {obj.role_title}, {agency}"


def _memberships_for_choice(task_force, keep_ids=()):
    """Current members of the task force (and those already chosen, so editing a meeting
    whose chair has since left does not lose him)."""
    return (
        Membership.objects.filter(
            Q(pk__in=Membership.objects.current().filter(task_force=task_force).values("pk"))
            | Q(pk__in=[pk for pk in keep_ids if pk])
        )
        .select_related("person", "agency", "task_force__region")
        .order_by("person__full_name", "pk")
    )


def initial_from_query(query, task_force) -> dict:
    """What ``?kind=...&subgt=...`` preselects on the scheduling form (a sub-GT's page
    links there); values that are not a kind or a sub-GT of the task force are ignored."""
    initial = {}
    kind = query.get("kind")
    if kind in Kind.values:
        initial["kind"] = kind
    subgt = id_from_text(query.get("subgt", ""))
    if subgt is not None and task_force.subgts.filter(pk=subgt).exists():
        initial["sub_task_force"] = subgt
        initial.setdefault("kind", Kind.SUBGT)
    return initial


class MeetingForm(VersionedFormMixin, forms.ModelForm, metaclass=LocalizedFormMetaclass):
    """Schedule or edit a meeting. The kind cannot change once the meeting exists."""

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "sub_task_force",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "chair",
            "facilitator",
            "note_taker",
            "case_reference",
            "referral_at",
        ]
        field_classes = {
            "chair": MembershipChoiceField,
            "facilitator": MembershipChoiceField,
            "note_taker": MembershipChoiceField,
        }
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "referral_at": DateTimeLocalInput(),
        }
        help_texts = {
            "chair": _("Left empty, the guideline's chair of this kind of meeting is named."),
            "title": _("Left empty, the kind of meeting is used."),
            "referral_at": _("A case conference meets within 48 hours of the referral."),
        }

    def __init__(self, *args, task_force, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.task_force = task_force
        self.user = user
        if self.instance.task_force_id is None:
            self.instance.task_force = task_force
        kind = self.fields["kind"]
        kind.choices = kinds_for_level(task_force.level)
        if self.instance.pk:
            kind.disabled = True
            kind.help_text = _("The kind of a meeting cannot change once it is scheduled.")
        self.fields["sub_task_force"].queryset = SubTaskForce.objects.filter(
            task_force=task_force
        ).order_by("order", "pk")
        self.fields["sub_task_force"].help_text = _("Only for a sub-GT coordination meeting.")
        keep = (self.instance.chair_id, self.instance.facilitator_id, self.instance.note_taker_id)
        for name in ("chair", "facilitator", "note_taker"):
            self.fields[name].queryset = _memberships_for_choice(task_force, keep)
        self.fields["title"].required = False
        for name in ("starts_at", "ends_at", "referral_at"):
            self.fields[name].input_formats = [
                DATETIME_LOCAL,
                "%Y-%m-%d %H:%M",
                "%Y-%m-%dT%H:%M:%S",
            ]
            zone = task_force.zone
            self.fields[name].help_text = _join(
                self.fields[name].help_text,
                _("In %(zone)s, the task force's own time.") % {"zone": zone},
            )
        localize_fields(self, task_force.zone)  # times typed in WIB, WITA or WIT
        warning = escape(str(NO_IDENTITY_WARNING))
        self.helper = _helper(
            Fieldset(
                _("Meeting"),
                "kind",
                "sub_task_force",
                "title",
                "starts_at",
                "ends_at",
                "place",
                "online_link",
            ),
            Fieldset(_("Roles"), "chair", "facilitator", "note_taker"),
            Fieldset(
                _("Case conference (special coordination meeting only)"),
                HTML(
                    '<div class="alert alert-danger fw-semibold" role="alert" '
                    f'data-test="no-identity-warning">{warning}</div>'
                ),
                "case_reference",
                "referral_at",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        subgt = cleaned.get("sub_task_force")
        if kind == Kind.SUBGT and subgt is None and "sub_task_force" not in self.errors:
            self.add_error("sub_task_force", _("Choose the sub-GT of this coordination meeting."))
        if kind and kind != Kind.SUBGT and subgt is not None:
            self.add_error(
                "sub_task_force", _("Only a sub-GT coordination meeting belongs to a sub-GT.")
            )
        if kind and not rules.can_organise_kind(
            self.user, self.task_force, kind, subgt.pk if subgt else None
        ):
            self.add_error(
                "kind" if not self.instance.pk else None,
                _("You may only schedule coordination meetings of your own sub-GT."),
            )
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        where = ("place", "online_link")
        if not any(cleaned.get(name) for name in where) and not set(where) & self.errors.keys():
            self.add_error("place", _("Give the place or an online meeting link."))
        if not cleaned.get("title") and kind:
            label = Kind(kind).label
            cleaned["title"] = f"{label} — {subgt}" if subgt else str(label)
        self._clean_case_conference(cleaned, kind, starts)
        return cleaned

    def _clean_case_conference(self, cleaned, kind, starts) -> None:
        reference = cleaned.get("case_reference")
        referral = cleaned.get("referral_at")
        given = reference or referral or "case_reference" in self.errors
        if not given:
            return
        if kind and kind != Kind.SPECIAL:
            self.add_error(
                "case_reference",
                _("Only a special coordination meeting can be a case conference."),
            )
            return
        if reference and not referral and "referral_at" not in self.errors:
            self.add_error("referral_at", _("Give the time the referral was received."))
        if referral and not reference and "case_reference" not in self.errors:
            self.add_error("case_reference", _("Give the case reference code."))
        if referral and starts and starts < referral:
            self.add_error(
                "starts_at", _("A case conference cannot start before the referral was received.")
            )


class AgendaItemForm(forms.ModelForm):
    minutes_allotted = IntegerInputField(
        label=_("Minutes allotted"), required=False, min_value=1, max_value=600
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "minutes_allotted"]

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "file"]
        help_texts = {"file": _("PDF, images (PNG, JPEG) or office documents.")}

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_document(upload)
        return upload


class MembershipIdsField(forms.Field):
    """Membership ids posted as checkboxes. The widget lists a manageable set; the ids are
    checked against the eligible queryset in the form (never loaded whole as choices)."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        ids, bad = [], []
        for item in value:
            pk = id_from_text(item)
            if pk is not None:
                ids.append(pk)
            else:
                bad.append(str(item).strip()[:20])
        if bad:
            raise forms.ValidationError(
                _("“%(value)s” is not a member of this task force.") % {"value": ", ".join(bad)},
                code="invalid_choice",
            )
        return ids


class InviteForm(forms.Form):
    """Whom to invite: whole sub-GTs, whole roles, members by hand and, for a national or
    provincial coordination meeting, the leaders of the task forces below."""

    subgts = BoundedIdMultipleChoiceField(
        label=_("All current members of these sub-GTs"),
        queryset=SubTaskForce.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    roles = forms.MultipleChoiceField(
        label=_("All current members with these roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = MembershipIdsField(label=_("Members chosen by hand"), required=False)
    provinces = forms.BooleanField(
        label=_("The daily chair and secretariat of every provincial task force"), required=False
    )
    districts = forms.BooleanField(
        label=_("The daily chair and secretariat of every regency/city task force"),
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["subgts"].queryset = SubTaskForce.objects.filter(
            task_force_id=meeting.task_force_id
        ).order_by("order", "pk")
        shown = own_memberships(meeting)
        if meeting.kind == Kind.PROVINCIAL:
            shown = eligible_memberships(meeting)
        shown = shown.select_related("person", "agency", "task_force__region").order_by(
            "task_force__region__path", "person__full_name", "pk"
        )
        self.fields["members"].widget.choices = [
            (m.pk, _member_label(m, meeting.task_force_id)) for m in shown
        ]
        if meeting.kind != Kind.NATIONAL:
            del self.fields["provinces"]
        if meeting.kind == Kind.PROVINCIAL:
            self.fields["districts"].label = _(
                "The daily chair and secretariat of every regency/city task force of the province"
            )
        elif meeting.kind != Kind.NATIONAL:
            del self.fields["districts"]
        self.helper = _helper()

    def clean_members(self):
        ids = self.cleaned_data.get("members") or []
        if not ids:
            return []
        found = set(
            eligible_memberships(self.meeting).filter(pk__in=ids).values_list("pk", flat=True)
        )
        missing = sorted(set(ids) - found)
        if missing:
            raise forms.ValidationError(
                _(
                    "Member #%(ids)s is not a member of this task force "
                    "(or no longer a current one)."
                )
                % {"ids": ", #".join(str(pk) for pk in missing)},
                code="not_eligible",
            )
        return sorted(found)

    def memberships(self):
        """The memberships chosen by every part of the form (a queryset, with duplicates
        collapsed)."""
        data = self.cleaned_data
        meeting = self.meeting
        chosen = Q(pk__in=data.get("members") or [])
        if data.get("subgts"):
            chosen |= Q(task_force_id=meeting.task_force_id, sub_task_force__in=data["subgts"])
        if data.get("roles"):
            chosen |= Q(task_force_id=meeting.task_force_id, role__in=data["roles"])
        below = []
        if data.get("provinces"):
            below.append(Level.PROVINCE)
        if data.get("districts"):
            below.append(Level.REGENCY)
        if below:
            chosen |= Q(task_force__region__level__in=below, role__in=BELOW_ROLES) & ~Q(
                task_force_id=meeting.task_force_id
            )
        return eligible_memberships(meeting).filter(chosen)


def _member_label(membership: Membership, home_task_force_id: int) -> str:
    label = f"{membership.person} — {membership.role_title}"
    if membership.task_force_id != home_task_force_id:
        label += f" ({membership.task_force})"
    if not membership.person.email:
        label += " · " + str(_("no e-mail address"))
    return label


class AttendanceForm(VersionedFormMixin, forms.ModelForm):
    attendance = forms.ChoiceField(
        label=_("attendance"),
        choices=[(value, label) for value, label in Attendance.choices],
        required=False,
    )

    class Meta:
        model = Invitation
        fields = ["attendance", "represented_by"]

    def clean(self):
        cleaned = super().clean()
        attendance = cleaned.get("attendance")
        represented_by = (cleaned.get("represented_by") or "").strip()
        cleaned["represented_by"] = represented_by
        if attendance == Attendance.REPRESENTED and not represented_by:
            self.add_error("represented_by", _("Name who came instead of the member."))
        elif attendance != Attendance.REPRESENTED and represented_by:
            self.add_error(
                "represented_by",
                _("Name a representative only for a member who was represented."),
            )
        return cleaned


AttendanceFormSet = forms.modelformset_factory(
    Invitation, form=AttendanceForm, extra=0, can_delete=False, edit_only=True
)
