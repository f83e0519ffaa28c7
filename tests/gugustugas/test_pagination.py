"""The shared pagination links keep the list's filters and change only the page."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _links(query: str, page: int) -> str:
    request = RequestFactory().get(f"/taskforces/?{query}")
    page_obj = Paginator(range(30), 10).page(page)
    return render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)


def test_next_and_previous_links_keep_the_filters():
    html = _links("level=province&q=jawa&page=2", 2)
    assert 'href="?level=province&amp;q=jawa&amp;page=3"' in html
    assert 'href="?level=province&amp;q=jawa&amp;page=1"' in html


def test_first_page_links_only_forward():
    html = _links("", 1)
    assert 'href="?page=2"' in html
    assert "page=0" not in html
