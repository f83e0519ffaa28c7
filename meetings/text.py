"""Sanitising what people type into minutes: no script can be stored.

The discussion keeps a little formatting (paragraphs, emphasis, lists); every other text
(decisions, amendments, action points) is plain text with any markup removed.
"""

import html

import nh3

MINUTES_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li"}
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template"}


def clean_html(text: str) -> str:
    """The discussion: the small set of formatting tags, nothing else (no attributes)."""
    if not text:
        return ""
    return nh3.clean(
        text, tags=MINUTES_TAGS, attributes={}, clean_content_tags=DROP_WITH_CONTENT
    ).strip()


def clean_text(text: str) -> str:
    """Plain text: markup removed. Unescaping may reveal markup typed as entities
    (``&lt;script&gt;``), so clean until nothing changes."""
    if not text:
        return ""
    for _ in range(5):
        cleaned = html.unescape(
            nh3.clean(text, tags=set(), attributes={}, clean_content_tags=DROP_WITH_CONTENT)
        )
        if cleaned == text:
            break
        text = cleaned
    return text.strip()
