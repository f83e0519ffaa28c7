"""Partner journeys in a real browser: a secretariat registers an NGO, records an MoU with it,
completes and signs it, and finds the NGO on the partner map; an MoU ending before it starts.

``jabar.sekretariat`` is the secretariat of the Jawa Barat province task force. Selectors
avoid visible text: ids, names, URLs and form field names only.
"""

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from gugustugas.models import TaskForce
from members.models import MoU, Partner
from members.models.partners import COMPONENTS, MoUStatus
from tests.conftest import PDF_BYTES

JABAR = "32"
SECRETARIAT = "jabar.sekretariat"
MAIN_FORM = "main form[method=post]"

PARTNER_NAME = "Yayasan Peduli Pekerja Migran Priangan (uji e2e)"
MOU_TITLE = "Nota Kesepahaman Pendampingan Korban TPPO Priangan (uji e2e)"
LEFT_EMPTY = ("funding", "dispute_settlement")
# Every component but the dates, which are date inputs.
TEXT_COMPONENTS = [field for field, _label in COMPONENTS if field != "start_date"]


@pytest.fixture
def tf(demo_data) -> TaskForce:
    return TaskForce.objects.get(region__code=JABAR)


def dates() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return today - datetime.timedelta(days=30), today + datetime.timedelta(days=2 * 365)


def submit(page, form):
    """Click the form's first submit button (Save); return the response of the navigation."""
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").first.click()
    return navigation.value


def component_text(field: str) -> str:
    return f"Isi komponen {field} untuk uji perjalanan mitra."


def fill_mou(form, partner: Partner, start: datetime.date, end: datetime.date, skip=()):
    form.locator("input[name=title]").fill(MOU_TITLE)
    form.locator("select[name=partners]").select_option(str(partner.pk))
    for field in TEXT_COMPONENTS:
        if field not in skip:
            form.locator(f"[name={field}]").fill(component_text(field))
    form.locator("input[name=start_date]").fill(start.isoformat())
    form.locator("input[name=end_date]").fill(end.isoformat())


def expected_missing(mou: MoU) -> list[str]:
    """The missing components as the Indonesian page shows them (capitalised)."""
    with translation.override("id"):
        return [name[:1].upper() + name[1:] for name in mou.missing_components()]


def test_secretariat_registers_partner_and_signs_mou(page, live_server, tf, login, tmp_path):
    login(page, live_server, SECRETARIAT)

    # 1. Register an NGO working in protection.
    response = page.goto(f"{live_server.url}/taskforces/{tf.pk}/partners/add/")
    assert response.status == 200, f"partner form: HTTP {response.status}"
    form = page.locator(MAIN_FORM)
    form.locator("input[name=name]").fill(PARTNER_NAME)
    form.locator("select[name=kind]").select_option("ngo")
    form.locator("input[name=protection]").check()
    assert submit(page, form).status == 200

    partner = Partner.objects.get(task_force=tf, name=PARTNER_NAME)
    assert partner.kind == "ngo"
    assert partner.protection is True
    assert partner.prevention is False and partner.prosecution is False
    assert page.url == f"{live_server.url}/partners/{partner.pk}/"

    # 2. Record an MoU with it, two components left empty.
    start, end = dates()
    mous_before = MoU.objects.count()
    response = page.goto(f"{live_server.url}/taskforces/{tf.pk}/mous/add/")
    assert response.status == 200, f"MoU form: HTTP {response.status}"
    form = page.locator(MAIN_FORM)
    expect(form.locator(f"select[name=partners] option[value='{partner.pk}']")).to_have_count(1)
    fill_mou(form, partner, start, end, skip=LEFT_EMPTY)
    assert submit(page, form).status == 200

    assert MoU.objects.count() == mous_before + 1
    mou = MoU.objects.get(task_force=tf, title=MOU_TITLE)
    assert page.url == f"{live_server.url}/mous/{mou.pk}/"
    assert list(mou.partners.all()) == [partner]
    assert (mou.start_date, mou.end_date) == (start, end)
    assert mou.status == MoUStatus.DRAFT
    labels = dict(COMPONENTS)
    assert mou.missing_components() == [str(labels[field]) for field in LEFT_EMPTY]
    items = page.locator("#completeness li")
    expect(items).to_have_count(2)
    expect(items).to_have_text(expected_missing(mou))

    # 3. Signing while incomplete is refused.
    sign_form = page.locator(f"form[action='/mous/{mou.pk}/sign/']")
    sign_form.locator("input[name=signed_on]").fill(timezone.localdate().isoformat())
    assert submit(page, sign_form).status == 200
    assert page.url == f"{live_server.url}/mous/{mou.pk}/"
    expect(page.locator(".alert-danger")).to_be_visible()
    mou.refresh_from_db()
    assert mou.status == MoUStatus.DRAFT
    assert mou.signed_on is None
    expect(page.locator("#completeness li")).to_have_count(2)

    # 4. Fill the two components, upload the signed scan, sign.
    pdf = tmp_path / "mou-ditandatangani.pdf"
    pdf.write_bytes(PDF_BYTES)
    edit_link = page.locator(f"a[href='/mous/{mou.pk}/edit/']")
    expect(edit_link).to_have_count(1)
    with page.expect_navigation():
        edit_link.click()
    form = page.locator(MAIN_FORM)
    for field in LEFT_EMPTY:
        form.locator(f"[name={field}]").fill(component_text(field))
    form.locator("input[name=document]").set_input_files(str(pdf))
    assert submit(page, form).status == 200
    assert page.url == f"{live_server.url}/mous/{mou.pk}/"

    mou.refresh_from_db()
    assert mou.missing_components() == []
    assert mou.document and mou.document.name.endswith(".pdf")
    assert mou.status == MoUStatus.DRAFT
    expect(page.locator("#completeness li")).to_have_count(0)
    expect(page.locator("#completeness .text-success")).to_be_visible()

    signed_on = timezone.localdate() - datetime.timedelta(days=1)
    sign_form = page.locator(f"form[action='/mous/{mou.pk}/sign/']")
    sign_form.locator("input[name=signed_on]").fill(signed_on.isoformat())
    assert submit(page, sign_form).status == 200
    assert page.url == f"{live_server.url}/mous/{mou.pk}/"
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".alert-danger")).to_have_count(0)

    mou.refresh_from_db()
    assert mou.status == MoUStatus.SIGNED
    assert mou.signed_on == signed_on
    expect(page.locator("#completeness li")).to_have_count(0)
    expect(page.locator("#completeness .text-success")).to_be_visible()
    # Signed: no edit link, the sign form is gone.
    expect(page.locator(f"a[href='/mous/{mou.pk}/edit/']")).to_have_count(0)
    expect(page.locator(f"form[action='/mous/{mou.pk}/sign/']")).to_have_count(0)

    # 5. The partner map shows the NGO under protection, and only there.
    response = page.goto(f"{live_server.url}/taskforces/{tf.pk}/partners/map/")
    assert response.status == 200, f"partner map: HTTP {response.status}"
    link = f"a[href='/partners/{partner.pk}/']"
    expect(page.locator(f"#area-protection {link}")).to_have_count(1)
    expect(page.locator(f"#area-prevention {link}")).to_have_count(0)
    expect(page.locator(f"#area-prosecution {link}")).to_have_count(0)
    expect(page.locator(f"#partners-by-kind {link}")).to_have_count(1)


def test_mou_ending_before_it_starts_is_refused(page, live_server, tf, login):
    partner = Partner.objects.create(
        task_force=tf, name=PARTNER_NAME, kind=Partner.Kind.NGO, protection=True
    )
    mous_before = MoU.objects.count()
    login(page, live_server, SECRETARIAT)

    form_url = f"{live_server.url}/taskforces/{tf.pk}/mous/add/"
    assert page.goto(form_url).status == 200
    form = page.locator(MAIN_FORM)
    start, _end = dates()
    fill_mou(form, partner, start, start - datetime.timedelta(days=1))
    response = submit(page, form)

    assert response.status == 200, f"expected the form again, got HTTP {response.status}"
    assert page.url == form_url
    expect(page.locator(f"{MAIN_FORM} .invalid-feedback").first).to_be_visible()
    expect(page.locator(f"{MAIN_FORM} input[name=end_date]")).to_have_class(
        re.compile(r"\bis-invalid\b")
    )
    expect(page.locator(f"{MAIN_FORM} input[name=title]")).to_have_value(MOU_TITLE)
    assert MoU.objects.count() == mous_before
    assert not MoU.objects.filter(title=MOU_TITLE).exists()
