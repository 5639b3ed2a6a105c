"""Temporal expressions normalised against the article's publication date.

"on Wednesday" is the last Wednesday on or before publication, unless the sentence says
it will happen ("will meet on Thursday"), then the next one. A month-day without a year
("Jan. 24") takes the publication year, or the year before when that would put it after
publication without a future tense. "last week" is an interval, "February 2022" a
gYearMonth, "in 2009" a gYear, "two years ago" the year two before. No date is made up:
an expression that cannot be placed (a duration, an age, "months") gives nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, insort

from spacy.tokens import Doc

from ..dates import MONTHS, WEEKDAYS, parse_date
from ..records import TimeValue
from ._spans import children_of, doc_cache, doc_text, span_of

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None,
}  # fmt: skip
_FUTURE = {"will", "'ll", "shall", "wo", "going"}

# each pattern opens with a lookahead for the letters it can start with: the engine then skips
# most positions at once instead of trying every alternative there (a third of the time)
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("mdy", re.compile(rf"(?=[adfjmnos])\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.I)),
    ("md", re.compile(rf"(?=[adfjmnos])\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)", re.I)),
    ("dm", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b(?!\.?,?\s*\d)", re.I)),
    ("my", re.compile(rf"(?=[adfjmnos])\b({_MONTH_NAMES})\.?,?\s+(?:of\s+)?(\d{{4}})\b", re.I)),
    (
        "ago",
        re.compile(
            r"(?=[aotfsen\d])\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+(day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
    ("rel", re.compile(r"(?=[ltnp])\b(last|this|next|past)\s+(week|month|year|weekend)\b", re.I)),
    (
        "day",
        re.compile(
            r"(?=[tyl])\b(today|yesterday|tomorrow|tonight|last night|this morning|this afternoon|this evening)\b", re.I
        ),
    ),
    ("wd", re.compile(rf"(?=[ltnomwfs])\b(?:(last|this|next|on)\s+)?({_WEEKDAY_NAMES})\b", re.I)),
    (
        "month",
        re.compile(
            rf"(?=[isubltnem])\b(?:in|since|until|by|last|this|next|early|late|mid-?)\s+({_MONTH_NAMES})\b(?!\.?\s*\d)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?=[isubdofelm])(?:\b(?:in|since|until|by|during|of|from|early|late|mid-?)\s*((?:19|20)\d{2})\b(?![-/]\d)|\b(mid-)((?:19|20)\d{2})\b)",
            re.I,
        ),
    ),
]


def normalise(doc: Doc, offset: int, published: dt.date | None) -> list[TimeValue]:
    """Every temporal expression of a parsed chunk that can be placed on the calendar."""
    found: list[TimeValue] = []
    taken: list[tuple[int, int]] = []
    text = doc_text(doc)
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            # the expressions taken so far are disjoint and sorted: only the neighbours can overlap
            k = bisect_left(taken, (start, start))
            if (k and taken[k - 1][1] > start) or (k < len(taken) and taken[k][0] < end):
                continue
            if kind == "wd" and not match.group(2)[0].isupper():
                continue
            try:
                value = _value(kind, match, published, _future(doc, start))
            except (OverflowError, ValueError):  # "two years ago" in year 1, "next week" in 9999
                value = None
            if value is None or not _on_calendar(value[0]):
                continue
            start, end = _trim(text, start, end)
            insort(taken, (start, end))
            found.append(TimeValue(offset + start, offset + end, text[start:end], *value))
    return sorted(found, key=lambda t: t.start)


def _on_calendar(value: str) -> bool:
    """Whether every year of a value is one xsd:date can hold (0001 to 9999)."""
    return all(re.fullmatch(r"\d{4}", part.split("-")[0]) and part[:4] != "0000" for part in value.split("/"))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _future(doc: Doc, char: int) -> bool:
    """Whether the clause around a character is in the future tense ("will meet")."""
    span = span_of(doc, char, char + 1)
    if span is None:
        return False
    token = span[0]
    head = token
    for _ in range(6):
        if head.pos_ in {"VERB", "AUX"} or head.head == head:
            break
        head = head.head
    words = {c.lower_ for c in children_of(head, "aux", "auxpass")} | {head.lower_}
    if words & _FUTURE:
        return True
    # a "will" anywhere in the sentence that depends on the same verb (looked up, not searched)
    return head.i in doc_cache(doc, "future_heads", _future_heads)


def _future_heads(doc: Doc) -> set[int]:
    from spacy.attrs import HEAD, LOWER

    if not len(doc):
        return set()
    wanted = {doc.vocab.strings.add(w) for w in ("will", "'ll", "shall")}  # ids, read from the arrays
    arrays = doc.to_array([LOWER, HEAD])
    offsets = arrays[:, 1].astype("int64").tolist()
    return {i + offsets[i] for i, lower in enumerate(arrays[:, 0].tolist()) if lower in wanted}


def _value(kind: str, m: re.Match, published: dt.date | None, future: bool) -> tuple[str, str] | None:
    if kind == "iso":
        date = parse_date(m.group(0))
        return (date.isoformat(), "date") if date else None
    if kind == "mdy":
        date = parse_date(f"{m.group(1)} {m.group(2)}, {m.group(3)}")
        return (date.isoformat(), "date") if date else None
    if kind == "dmy":
        date = parse_date(f"{m.group(2)} {m.group(1)}, {m.group(3)}")
        return (date.isoformat(), "date") if date else None
    if kind == "my":
        month = MONTHS[m.group(1).lower().rstrip(".")]
        return f"{int(m.group(2)):04d}-{month:02d}", "gYearMonth"
    if kind == "year":
        year = m.group(1) or m.group(3)
        return year, "gYear"
    if published is None:
        return None  # everything below is relative to the publication date
    if kind in {"md", "dm"}:
        month_name, day = (m.group(1), m.group(2)) if kind == "md" else (m.group(2), m.group(1))
        month = MONTHS[month_name.lower().rstrip(".")]
        if month_name.lower() == "may" and kind == "md" and not month_name[0].isupper():
            return None
        try:
            date = dt.date(published.year, month, int(day))
        except ValueError:
            return None
        if date > published + dt.timedelta(days=7) and not future:
            date = date.replace(year=date.year - 1)
        elif date < published - dt.timedelta(days=180) and future:
            date = date.replace(year=date.year + 1)
        return date.isoformat(), "date"
    if kind == "month":
        month = MONTHS[m.group(1).lower().rstrip(".")]
        if m.group(1).lower() == "may" and not m.group(1)[0].isupper():
            return None
        year = published.year
        word = m.group(0).split()[0].lower()
        if word == "last" or (month > published.month and not future and word != "next"):
            year -= 1
        if word == "next" or (future and month < published.month):
            year = published.year + 1 if month <= published.month else published.year
        return f"{year:04d}-{month:02d}", "gYearMonth"
    if kind == "ago":
        amount = m.group(1).lower()
        count = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount)
        if not count:
            return None
        unit = m.group(2).lower()
        if unit == "day":
            return (published - dt.timedelta(days=count)).isoformat(), "date"
        if unit == "week":
            return _week(published - dt.timedelta(weeks=count))
        if unit == "month":
            year, month = divmod(published.year * 12 + published.month - 1 - count, 12)
            return f"{year:04d}-{month + 1:02d}", "gYearMonth"
        return f"{published.year - count:04d}", "gYear"
    if kind == "rel":
        which, unit = m.group(1).lower(), m.group(2).lower()
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
        if unit in {"week", "weekend"}:
            day = published + dt.timedelta(weeks=shift)
            if unit == "weekend":
                saturday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=5)
                return f"{saturday.isoformat()}/{(saturday + dt.timedelta(days=1)).isoformat()}", "interval"
            return _week(day)
        if unit == "month":
            year, month = divmod(published.year * 12 + published.month - 1 + shift, 12)
            return f"{year:04d}-{month + 1:02d}", "gYearMonth"
        return f"{published.year + shift:04d}", "gYear"
    if kind == "day":
        word = m.group(1).lower()
        shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
        return (published + dt.timedelta(days=shift)).isoformat(), "date"
    if kind == "wd":
        qualifier = (m.group(1) or "").lower()
        weekday = WEEKDAYS[m.group(2).lower()]
        back = (published.weekday() - weekday) % 7
        if qualifier == "next" or (future and qualifier != "last"):
            ahead = (weekday - published.weekday()) % 7 or 7
            return (published + dt.timedelta(days=ahead)).isoformat(), "date"
        if qualifier == "last" and back == 0:
            back = 7
        return (published - dt.timedelta(days=back)).isoformat(), "date"
    return None


def _week(day: dt.date) -> tuple[str, str]:
    monday = day - dt.timedelta(days=day.weekday())
    return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", "interval"
