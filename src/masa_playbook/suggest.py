""" "Did you mean ...?" for unknown keys, handles and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(value: object, candidates: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix, or ``""`` when nothing is close."""
    text = str(value)
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if text.lower() in lowered:
        return f"; did you mean '{lowered[text.lower()]}'?"
    close = difflib.get_close_matches(text, pool, n=1, cutoff=0.6)
    # The case-blind second try can only differ when some letter has a case:
    # skipping it halves the cost of a file full of unknown lowercase keys.
    if not close and any(c != c.lower() for c in (text, *pool)):
        close = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f"; did you mean '{close[0]}'?" if close else ""
