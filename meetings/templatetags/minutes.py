"""Template filters of the minutes pages."""

import re

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from meetings.text import clean_html

register = template.Library()

BLOCK_TAG_RE = re.compile(r"<\s*(p|ul|ol|li|br)\b", re.IGNORECASE)


@register.filter
def minutes_html(value) -> str:
    """The discussion as safe HTML: cleaned again here (whatever was stored), and, when
    it was typed as plain text, with its line breaks kept as paragraphs and ``<br>``."""
    cleaned = clean_html(str(value or ""))
    if not cleaned:
        return ""
    if not BLOCK_TAG_RE.search(cleaned):
        # ``linebreaks`` escapes nothing itself (autoescape=False): the text is already
        # sanitised HTML (only inline tags left) and its entities stay as they are.
        cleaned = linebreaks(cleaned)
    # nh3 (the Ammonia sanitiser) kept only the allowed tags just above.
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703
