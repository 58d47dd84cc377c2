"""Search words marked in a title and in a snippet of an article's body.

The text is escaped piece by piece and only the `<mark>` tags are added, so nothing an author
wrote is ever taken as HTML.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kefu.core.text import query_terms

SNIPPET = 120  # characters of body shown around the first match


def _pattern(query: str) -> re.Pattern | None:
    """The words as typed first (so 不制冷 is marked whole where it occurs), then the words the
    search cut them into, except a lone Han character cut from a longer word: 不 marked all
    over a text is noise, not a match."""
    typed = {w.lower() for w in (query or "").split()}
    cut = {w for w in query_terms(query) if w.strip() and (len(w) > 1 or w in typed)}
    words = sorted(typed | cut, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern | None) -> SafeString:
    if pattern is None:
        return escape(text)
    spans: list[list[int]] = []  # touching matches joined: one mark, no gap between them
    for match in pattern.finditer(text):
        if spans and spans[-1][1] == match.start():
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    parts, last = [], 0
    for start, end in spans:
        parts.append(escape(text[last:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece above is escaped


def highlight(text: str, query: str) -> SafeString:
    """`text`, escaped, with every search word of `query` in <mark>."""
    return _marked(text or "", _pattern(query))


def snippet(text: str, query: str, *, size: int = SNIPPET) -> SafeString:
    """About `size` characters of `text` around the first search word, marked; the start of
    the text when no word occurs in it."""
    text = " ".join((text or "").split())
    pattern = _pattern(query)
    match = pattern.search(text) if pattern is not None else None
    start = max(0, match.start() - size // 3) if match else 0
    piece = text[start : start + size]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + size < len(text) else ""
    return mark_safe(prefix + _marked(piece, pattern) + suffix)  # escaped above


def with_highlights(articles, query: str) -> list:
    """The articles, each with `title_marked` and `snippet_marked` set for the template."""
    pattern_query = query or ""
    rows = list(articles)
    for article in rows:
        article.title_marked = highlight(article.title, pattern_query)
        article.snippet_marked = snippet(article.summary or article.body, pattern_query)
        if article.summary and pattern_query:
            # the summary may not hold the words; then show where the body does
            body_snippet = snippet(article.body, pattern_query)
            if "<mark>" in body_snippet and "<mark>" not in article.snippet_marked:
                article.snippet_marked = body_snippet
    return rows
