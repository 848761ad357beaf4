"""The words every part shares: record statuses, RAG, count names, plurals, "did you mean".

Light on purpose (no pydantic, no rich): the command line reads it for its choices and help.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Final, Literal, get_args

RecordStatus = Literal["planned", "ongoing", "completed", "suspended", "cancelled"]
RECORD_STATUSES: Final[tuple[RecordStatus, ...]] = get_args(RecordStatus)
DONE_WITH: Final[frozenset[str]] = frozenset({"completed", "cancelled"})  # never overdue

Rag = Literal["grey", "green", "amber", "red"]
RAGS: Final[tuple[Rag, ...]] = get_args(Rag)  # from best to worst
RAG_AMBER: Final = 15  # points behind the expected progress before amber, unless a plan says
RAG_RED: Final = 35  # ... and before red

ILLUSTRATIVE_MARK: Final = "*"  # after what is invented to demonstrate workplan
# How the two rates are made (SPEC §5), in the words every view uses.
IMPLEMENTATION_RULE: Final = "completed / (all - cancelled)"
ENGAGEMENT_RULE: Final = "completed and ongoing / (all - cancelled)"

# The counts of a set of activities, in the order tables and CSV columns show them.
COUNT_FIELDS: Final = (
    "activities",
    "completed",
    "ongoing",
    "planned",
    "suspended",
    "cancelled",
    "overdue",
)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 record', '2 records'; ``many`` for a plural not made with -s ('1 activity has')."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def did_you_mean(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
    """'did you mean "X"?' for the choice ``word`` differs from only in case or a slip."""
    lowered = {c.casefold(): c for c in choices}
    if word not in choices and word.casefold() in lowered:
        return f'did you mean "{lowered[word.casefold()]}"?'
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f'did you mean "{close[0]}"?' if close else None


def suggest(word: str, choices: Sequence[str], what: str) -> str:
    """'did you mean "X"?', else the choices there are (``what`` names them)."""
    close = did_you_mean(word, choices)
    if close:
        return close
    if not choices:
        return f"it has no {what} yet"
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"{what}: {shown}"
