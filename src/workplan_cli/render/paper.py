"""The summary as a paper: titled sections of tables and lists, in words; Markdown, HTML (and
later Word) lay out the same sections, each in its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from workplan_cli.models import Evidence
from workplan_cli.planning import Counts, RateChange, whole
from workplan_cli.render.words import (
    FUTURE,
    day_words,
    engagement,
    implementation,
    leads,
    mark,
    names_words,
    number,
    occurrences,
    points,
    short_day,
    somtc_names,
    when_words,
)
from workplan_cli.summary import RESTRICTED, Change, Summary, TrendPoint
from workplan_cli.vocabulary import COUNTRY_NAMES, ENGAGEMENT_RULE, IMPLEMENTATION_RULE, plural

ILLUSTRATIVE_NOTE: Final = (
    "Illustrative data: activities and progress marked * are invented to demonstrate "
    "workplan; they are not real commitments or reports."
)


@dataclass(frozen=True)
class Cell:
    """One cell of a table: text to show, and how it is meant (each format lays it out)."""

    text: str = ""
    kind: str = ""  # "num" (right-aligned), "date", "text" (wraps anywhere), "area", "group"
    mark: str = ""  # "*" when illustrative, right after the text
    alert: str = ""  # a word to stress after the text, e.g. "overdue"
    note: str = ""  # a remark after the text, in a quieter voice
    below: str = ""  # a second line in a quieter voice, where the format has lines
    lines: tuple[str, ...] = ()  # text in lines, where the format has lines (else one line)
    rag: str | None = None  # a RAG badge: the text is its name
    links: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Column:
    """A column header; numbers are right-aligned."""

    title: str
    num: bool = False


@dataclass(frozen=True)
class Row:
    """A row of cells; ``total`` marks the row of all areas."""

    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class Entry:
    """An item of a list: a name in bold, a text, a remark, and links."""

    name: str
    mark: str
    text: str
    note: str
    links: tuple[Evidence, ...]


@dataclass(frozen=True)
class Section:
    """A titled part of the paper: a chart (HTML), a table or a list, or what says there is none."""

    id: str
    title: str
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    entries: tuple[Entry, ...] = ()
    empty: str = ""  # said when there are no rows and no entries
    chart: str = ""  # "rates" or "timeline": drawn where the format can draw
    after: str = ""  # a closing remark


@dataclass(frozen=True)
class Paper:
    """Everything the summary says, in order, as words."""

    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value) under the title
    notes: tuple[tuple[str, str], ...]  # (id, text): the illustrative and public notes
    sections: tuple[Section, ...] = field(default=())
    footer: str = ""
    marking: str = ""  # a handling marking, e.g. "RESTRICTED": at the top and bottom of pages


def paper_of(summary: Summary, marking: str = "") -> Paper:
    """The summary as sections of words, for any format; ``marking`` is said on every page."""
    period = period_words(summary)
    notes = []
    if summary.illustrative:
        notes.append(("illustrative", ILLUSTRATIVE_NOTE))
    if summary.public:
        notes.append(("public", f"Public version: {_withheld(summary.withheld, summary.redacted)}"))
    sections = [
        _rates(summary, period),
        _trend(summary),
        _completed(summary, period),
        _late(summary),
        Section("timeline", "Activities over the plan period", chart="timeline"),
        _changes(summary, period),
        _upcoming(summary),
    ]
    if summary.indicators:
        sections.append(_indicators(summary))
    sections.append(_glossary(summary))
    return Paper(
        title=f"Progress summary: {summary.plan.plan.title}",
        facts=tuple(_facts(summary)),
        notes=tuple(notes),
        sections=tuple(sections),
        footer=_footer(summary),
        marking=" ".join(marking.split()),
    )


# --- words -----------------------------------------------------------------------------------


def period_words(summary: Summary) -> str:
    """'since the 9th AMMTC+Japan Consultation (17 October 2024)', or the like."""
    if summary.previous is not None and summary.since == summary.previous.date:
        return f"since the {_the(summary.previous.title)} ({day_words(summary.previous.date)})"
    if summary.since is not None:
        return f"since {day_words(summary.since)}"
    return "since the plan began"


def _the(title: str) -> str:
    return title[4:] if title.lower().startswith("the ") else title


def _facts(summary: Summary) -> list[tuple[str, str]]:
    plan = summary.plan.plan
    names = summary.plan.names
    coordinators = names_words([c.country for c in summary.now.coordinators], names)
    with_whom = (
        f"with {names_words(plan.partner_codes, names)}" if plan.partner_codes else "of ASEAN alone"
    )
    rows = [
        (
            "Plan",
            f"{plan.kind.replace('-', ' ')} {with_whom}, reviewed by {plan.track}; {plan.status}",
        ),
        (
            "Period",
            f"{day_words(plan.start)} to {day_words(plan.end)}; "
            f"{summary.now.elapsed}% of it has passed",
        ),
        ("Coordinator", coordinators if summary.now.coordinators else "none recorded for this day"),
    ]
    if plan.document is not None:
        doc = plan.document
        rows.append(("Plan text", f"{doc.title} ({doc.url or doc.ref})"))
    bodies = _bodies(summary)
    if bodies:
        rows.append(("Bodies", bodies))
    if summary.meeting is not None:
        m = summary.meeting
        rows.append(
            ("For", f"{m.title}, {day_words(m.date)}" + (f", {m.place}" if m.place else ""))
        )
    future = FUTURE if summary.day > summary.today else ""
    rows.append(("As of", f"{day_words(summary.day)}{future}; changes {period_words(summary)}"))
    return rows


def _bodies(summary: Summary) -> str:
    """'AMS: all ASEAN Member States; UNODC: United Nations ...': the codes that lead or take
    part that are no country code, or that the plan declares, with their names."""
    plan = summary.plan
    declared = {b.id for b in plan.bodies}
    used = dict.fromkeys(
        code
        for a in plan.activities()
        for code in (*a.lead, *a.partners)
        if code in declared or code not in COUNTRY_NAMES
    )
    return "; ".join(f"{code}: {plan.names.get(code, code)}" for code in used)


def _withheld(count: int, redacted: int) -> str:
    if count == 0:
        said = "no restricted evidence was left out"
    else:
        items = plural(count, "restricted evidence item was", "restricted evidence items were")
        said = f"{items} left out"
    if redacted:
        records = plural(redacted, "record")
        said += f"; restricted addresses were taken out of {records} ({RESTRICTED})"
    return said + "."


def _footer(summary: Summary) -> str:
    said = f"Progress summary prepared from the plan records as of {day_words(summary.day)}."
    return said + (" Marked *: illustrative." if summary.illustrative else "")


# --- sections --------------------------------------------------------------------------------

_NUM: Final = "num"
_COUNTS: Final = ("activities", "completed", "ongoing", "overdue")


def _rates(summary: Summary, period: str) -> Section:
    rows = []
    for r in summary.rates:
        counts, change = r.counts, r.change
        if r.area is None:
            name = Cell("All areas", "area")
        elif r.group is not None:
            name = Cell(f"{r.group.id} {r.group.title}", "group", below=f"in {r.area.id}")
        else:
            said = somtc_names(r.area)  # unless the title says it already
            below = "" if said.casefold() in r.area.title.casefold() else said
            name = Cell(f"{r.area.id} {r.area.title}", "area", below=below)
        rows.append(
            Row(
                (
                    name,
                    *(Cell(str(counts.of(n)), _NUM) for n in _COUNTS),
                    *_rate_cells(counts, change),
                    Cell(counts.rag or "-", rag=counts.rag or "none"),
                ),
                total=r.area is None,
            )
        )
    return Section(
        "rates",
        "Implementation by priority area",
        columns=(
            Column("Area"),
            *(Column(n.capitalize(), num=True) for n in _COUNTS),
            *(Column(t, num=True) for t in _RATES),
            Column("RAG"),
        ),
        rows=tuple(rows),
        chart="rates",
        after=f"Implementation: {IMPLEMENTATION_RULE}. Engagement: {ENGAGEMENT_RULE}. "
        f"Under each rate, its change in percentage points {period}.",
    )


def _rate_cells(counts: Counts, change: RateChange) -> tuple[Cell, ...]:
    """Each rate, and its change under it."""
    return (
        Cell(implementation(counts), _NUM, below=points(change.implementation)),
        Cell(engagement(counts), _NUM, below=points(change.engagement)),
    )


def trend_label(point: TrendPoint) -> str:
    """'9th AMMTC+Japan Consultation', or 'This paper' for a day that is no meeting's."""
    return _the(point.meeting.title) if point.meeting is not None else "This paper"


def _trend(summary: Summary) -> Section:
    rows = tuple(
        Row(
            (
                Cell(trend_label(p)),
                Cell(short_day(p.day), "date"),
                Cell(implementation(p.counts), _NUM),
                Cell(engagement(p.counts), _NUM),
            )
        )
        for p in summary.trend
    )
    return Section(
        "trend",
        "Rates at each meeting of the plan",
        columns=(Column("Meeting"), Column("Date"), *(Column(t, num=True) for t in _RATES)),
        rows=rows,
        chart="trend" if len(rows) > 1 else "",
        after="Each rate as it stood on the day, from the records then in force.",
    )


_RATES: Final = ("Implementation", "Engagement")


def _glossary(summary: Summary) -> Section:
    """What the figures mean, in plain words, with the plan's own thresholds."""
    limits = summary.plan.rag
    said = (
        (
            "Implementation rate",
            "the share of the plan's activities that are completed, leaving out cancelled "
            f"ones ({IMPLEMENTATION_RULE}).",
        ),
        (
            "Engagement rate",
            "the share of activities completed or under way (ongoing), leaving out cancelled "
            f"ones ({ENGAGEMENT_RULE}).",
        ),
        ("Change", "the difference, in percentage points (pts), from the day compared with."),
        (
            "Expected",
            "how far an activity would be if its work were spread evenly over its window: "
            "the share of the window that has passed.",
        ),
        (
            "Overdue",
            "the window has ended and the activity is neither completed nor cancelled.",
        ),
        (
            "RAG",
            "green: completed, or at most "
            f"{plural(limits.amber, 'point')} behind the expected progress; amber: more "
            f"behind than that; red: more than {plural(limits.red, 'point')} behind, or "
            "overdue; grey: not begun yet. An area takes the worst of its activities.",
        ),
    )
    return Section(
        "glossary",
        "What the figures mean",
        entries=tuple(Entry(f"{name}:", "", text, "", ()) for name, text in said),
    )


def _completed(summary: Summary, period: str) -> Section:
    entries = tuple(
        Entry(
            c.figures.activity.id,
            mark(c.figures.activity.provenance),
            c.figures.activity.title,
            _lead_words(c.figures.activity.lead, summary),
            c.evidence,
        )
        for c in summary.completed
    )
    return Section(
        "completed",
        f"Completed {period}",
        entries=entries,
        empty="No activity was completed in this period.",
    )


def _lead_words(codes: list[str], summary: Summary) -> str:
    """'(lead Cambodia and Japan)': where there is room, leads by name."""
    if not codes:
        return "(no lead assigned)"
    return f"(lead {names_words(codes, summary.plan.names)})"


def _late(summary: Summary) -> Section:
    rows = []
    for i in summary.late:
        a, record = i.activity, i.state.record
        rows.append(
            Row(
                (
                    Cell(a.id, mark=mark(a.provenance)),
                    Cell(a.title, below=a.note or ""),
                    Cell(leads(a.lead, ", ")),
                    Cell(
                        "",
                        "date",
                        lines=(
                            f"{short_day(i.window[0])} to",
                            short_day(i.window[1]) + ("," if when_words(i) else ""),
                            *when_words(i),
                        ),
                    ),
                    Cell(
                        i.state.status,
                        alert="overdue" if i.overdue else "",
                        note=f"({occurrences(i)})" if i.occurrences else "",
                    ),
                    Cell("" if i.state.percent is None else f"{i.state.percent}%", _NUM),
                    Cell(f"{i.expected}%", _NUM),
                    Cell(i.rag or "-", rag=i.rag or "none"),
                    Cell(record.record.note or "" if record else "", "text"),
                )
            )
        )
    return Section(
        "late",
        "Overdue and red activities",
        columns=(
            Column("Activity"),
            Column("Title"),
            Column("Lead"),
            Column("Window"),
            Column("Status"),
            Column("%", num=True),
            Column("Expected", num=True),
            Column("RAG"),
            Column("Latest note"),
        ),
        rows=tuple(rows),
        empty="None: no activity is overdue or red.",
    )


def _changes(summary: Summary, period: str) -> Section:
    rows = []
    for c in summary.changes:
        record = c.stored.record
        percent = record.effective_percent
        replaced = _same_day_words(c)
        rows.append(
            Row(
                (
                    Cell(short_day(record.as_of), "date"),
                    Cell(c.activity.id, mark=mark(record.provenance)),
                    Cell(record.status or ""),
                    Cell("" if percent is None else f"{percent}%", _NUM),
                    Cell(record.note or "", "text", note=replaced),
                    Cell("", "text", links=c.evidence),
                )
            )
        )
    return Section(
        "changes",
        f"Progress reported {period}",
        columns=(
            Column("As of"),
            Column("Activity"),
            Column("Status"),
            Column("%", num=True),
            Column("Note"),
            Column("Evidence"),
        ),
        rows=tuple(rows),
        empty="No progress was recorded in this period.",
    )


def _same_day_words(change: Change) -> str:
    """'(replaced by a later record for this day)', or '(reports differ: ID, JP)'."""
    same = change.same_day
    if same is None:
        return ""
    if same.replaced:
        return "(replaced by a later record for this day)"
    reporters = ", ".join(dict.fromkeys((change.stored.record.reported_by or "", *same.differs)))
    return f"(reports differ: {reporters})" if same.differs else ""


def _upcoming(summary: Summary) -> Section:
    rows = tuple(
        Row(
            (
                Cell(short_day(u.day), "date"),
                Cell(u.activity.id, mark=mark(u.activity.provenance)),
                Cell(u.event),
                Cell(u.activity.title),
                Cell(leads(u.activity.lead, ", ")),
            )
        )
        for u in summary.upcoming
    )
    return Section(
        "upcoming",
        f"Due in the next twelve months (to {day_words(summary.upcoming_until)})",
        columns=tuple(Column(t) for t in ("Date", "Activity", "Event", "Title", "Lead")),
        rows=rows,
        empty="No activity starts or ends in the next twelve months.",
    )


def _indicators(summary: Summary) -> Section:
    rows = tuple(
        Row(
            (
                Cell(i.activity.id, mark=mark(i.activity.provenance)),
                Cell(i.indicator.title, note=f"({i.indicator.unit})"),
                Cell(number(i.indicator.baseline), _NUM),
                Cell(number(i.value), _NUM),
                Cell(number(i.indicator.target), _NUM),
                Cell("" if i.share is None else f"{whole(i.share)}%", _NUM),
                Cell(short_day(i.reported) if i.reported else "not yet"),
            )
        )
        for i in summary.indicators
    )
    return Section(
        "indicators",
        "Indicators",
        columns=(
            Column("Activity"),
            Column("Indicator"),
            *(Column(t, num=True) for t in ("Baseline", "Value", "Target", "Progress")),
            Column("Reported"),
        ),
        rows=rows,
    )
