import pytest


@pytest.fixture(autouse=True)
def english_pages(client):
    """Meeting pages in English, so the tests read the msgids (pages default to
    Indonesian); code called directly already speaks English (tests/conftest.py)."""
    client.cookies["django_language"] = "en"
