import pytest


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English, so the tests read the msgids (pages default to Indonesian)."""
    client.cookies["django_language"] = "en"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The public suppression pattern is cached; each test starts without it."""
    from django.core.cache import cache

    cache.clear()
