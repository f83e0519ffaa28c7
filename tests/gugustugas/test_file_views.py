"""Every file download of the project goes through ScopedFileView: an attachment that the
browser may not sniff, for readers of the row's task force only."""

import pytest
from django.urls import reverse

from tests.access.test_matrix import MATRIX

DOWNLOADS = [
    "actionplans:evidence_download",
    "meetings:material_download",
    "members:mou_document",
    "members:induction_item_download",
]


@pytest.mark.parametrize("name", DOWNLOADS)
def test_a_download_is_an_attachment_that_is_not_sniffed(name, login, users, tree):
    url = reverse(name, kwargs=MATRIX[name].args(tree["province"]))
    response = login(users["province_secretariat"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)


@pytest.mark.parametrize("name", DOWNLOADS)
def test_a_download_out_of_scope_is_not_found(name, login, users, tree):
    url = reverse(name, kwargs=MATRIX[name].args(tree["province"]))
    assert login(users["outsider_secretariat"]).get(url).status_code == 404


@pytest.mark.parametrize("name", DOWNLOADS)
def test_a_download_is_never_a_post(name, login, users, tree):
    url = reverse(name, kwargs=MATRIX[name].args(tree["province"]))
    assert login(users["province_secretariat"]).post(url).status_code == 405
