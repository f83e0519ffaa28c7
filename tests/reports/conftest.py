import pytest


@pytest.fixture(autouse=True)
def english_pages(client):
    """Report pages in English, so the tests read the msgids."""
    client.cookies["django_language"] = "en"
