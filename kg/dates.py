"""Calendar helpers shared by the reader and the time normaliser."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$"),
    re.compile(r"^(?:[A-Za-z]+,?\s+)?" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$", re.I),
    re.compile(r"^(?:[A-Za-z]+,?\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})$", re.I),
]


def parse_date(text: str) -> dt.date | None:
    """The calendar date a whole string states, or None."""
    text = text.strip().strip("*_").strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
        try:
            return dt.date(int(groups["year"]), month, int(groups["day"]))
        except ValueError:
            return None
    return None


# news told without a date ("has filed", a headline's "files") is of the days before the article's
RECENT = dt.timedelta(days=7)


def recent(published: dt.date) -> str:
    """The week up to a publication date, as an ISO interval."""
    return f"{(published - RECENT).isoformat()}/{published.isoformat()}"


def day_bounds(value: str) -> tuple[str, str]:
    """The first and last ISO day a normalised time covers: '2024' -> ('2024-01-01', '2024-12-31').

    Days are compared as strings, so a month's last day may be written '-31' whatever the month.
    """
    if "/" in value:
        lo, hi = value.split("/", 1)
        return lo, hi
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value, value
