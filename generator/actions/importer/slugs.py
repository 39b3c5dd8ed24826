"""Stable slug ids for checklists, phases, sections and items.

A slug is lowercase ASCII words joined by hyphens: unicode is transliterated where NFKD can
(é -> e) and dropped otherwise (emoji, CJK), leading numbering ("1.", "2)", "Step 3:") and
punctuation are stripped, and the result is cut at a word boundary to at most 60 characters.
"""
from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 60

_NUMBERING = re.compile(
    r"""^\s*(?:
        (?:step|phase|part|stage)\s*\#?\d+(?:\.\d+)*(?:[.):]|\s*[-–—])?(?=\s|$)  # Step 2:
      | \#?\d+(?:\.\d+)*[.):](?=\s)                                        # 1.  1.2)  3:
      | \#?\d+(?:\.\d+)*\s+[-–—](?=\s)                                     # 1 - Title
      | \#\d+(?=\s)                                                         # #4
      | (?:[ivxlc]+|[a-z])[.)](?=\s)                                        # iv. / a)
    )\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# Headings also drop dotless outline numbers ("1.2 Code freeze"); items keep them ("1.5 GB free").
_OUTLINE_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)+\s+(?=\S)")
_SHORTCODE = re.compile(r"(?<![\w:]):[a-z][a-z0-9_+-]*:(?![\w:])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_PHRASE_END = re.compile(r"\s*(?:[(\[,;:]|[.!?](?=\s)|\s[-/](?=\s))")
_ARTICLES = frozenset({"a", "an", "the"})
_DANGLING = _ARTICLES | {
    "and", "or", "of", "in", "on", "for", "to", "with", "by", "at", "from", "is", "are", "be",
    "via", "into", "as", "nor", "but", "if", "when", "that", "which", "than", "so", "not", "e",
    "g", "i",
}


def strip_numbering(text: str, heading: bool = False) -> str:
    """'1. Code Review' -> 'Code Review'; 'Step 2: Deploy' -> 'Deploy'. Only leading numbering."""
    stripped = _NUMBERING.sub("", text, count=1)
    if heading and stripped == text:
        stripped = _OUTLINE_NUMBER.sub("", text, count=1)
    return stripped if stripped.strip() else text


def slugify(text: str, max_length: int = MAX_LENGTH, heading: bool = False) -> str:
    """The slug of a title; '' when nothing ASCII is left (callers supply a fallback)."""
    text = _SHORTCODE.sub(" ", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = strip_numbering(ascii_text, heading).lower().replace("'", "")
    slug = _joined(ascii_text)
    if len(slug) <= max_length:
        return slug
    return _first_phrase(ascii_text, max_length) or _cut_at_word(slug, max_length)


def _joined(text: str) -> str:
    return _NON_WORD.sub("-", text).strip("-")


def _first_phrase(text: str, max_length: int) -> str:
    """The longest run of leading phrases that fits: 'Load tests (at least basic ones) ...'
    -> 'load-tests'. '' when even the first phrase is too long."""
    for boundary in reversed([m.start() for m in _PHRASE_END.finditer(text)]):
        head = _joined(text[:boundary])
        if head and len(head) <= max_length:
            return head
    return ""


def _cut_at_word(slug: str, max_length: int) -> str:
    """Whole words up to max_length, not ending on a word that needs the next one ('-with')."""
    if len(slug) <= max_length:
        return slug
    kept: list[str] = []
    for word in slug.split("-"):
        if len("-".join([*kept, word])) > max_length:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1] in _DANGLING:
        kept.pop()
    return "-".join(kept) or slug[:max_length].strip("-")


def without_leading_article(slug: str) -> str:
    """'the-release' -> 'release'; a slug that is only an article is left alone."""
    head, _, rest = slug.partition("-")
    return rest if head in _ARTICLES and rest else slug


def drop_trailing_word(slug: str, word: str) -> str:
    """'production-deployment-checklist' -> 'production-deployment' (never to nothing)."""
    suffix = f"-{word}"
    return slug[: -len(suffix)] if slug.endswith(suffix) else slug


class UniqueIds:
    """Hands out ids unique within one scope: the second 'foo' becomes 'foo-2', then 'foo-3'."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        candidate, number = wanted, 1
        while candidate in self._taken:
            number += 1
            candidate = f"{wanted}-{number}"
        self._taken.add(candidate)
        return candidate
