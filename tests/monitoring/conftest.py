import pytest


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English, so the tests read the msgids (pages default to Indonesian)."""
    client.cookies["django_language"] = "en"
