"""The summary as a paper: titled sections of tables and lists, in words; Markdown, HTML (and
later Word) lay out the same sections, each in its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from workplan_cli.i18n import N_, _, ngettext
from workplan_cli.models import Evidence
from workplan_cli.planning import Counts, RateChange, whole
from workplan_cli.render.words import (
    day_words,
    engagement,
    future_note,
    implementation,
    leads,
    mark,
    names_words,
    number,
    occurrences,
    points,
    short_day,
    shown,
    somtc_names,
    when_words,
)
from workplan_cli.summary import RESTRICTED, Change, Summary, TrendPoint
from workplan_cli.vocabulary import COUNTRY_NAMES, ENGAGEMENT_RULE, IMPLEMENTATION_RULE, name_of

ILLUSTRATIVE_NOTE: Final = N_(
    "Illustrative data: activities and progress marked * are invented to demonstrate "
    "workplan; they are not real commitments or reports."
)
# A plan's kind and status as people read them (the plan file keeps the English words).
_KINDS: Final = {"work-plan": N_("work plan"), "plan-of-action": N_("plan of action")}
_PLAN_STATUSES: Final = {
    "draft": N_("draft"),
    "active": N_("active"),
    "extended": N_("extended"),
    "completed": N_("completed"),
    "superseded": N_("superseded"),
}


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
        notes.append(("illustrative", _(ILLUSTRATIVE_NOTE)))
    if summary.public:
        withheld = _withheld(summary.withheld, summary.redacted)
        notes.append(("public", _("Public version: {withheld}").format(withheld=withheld)))
    sections = [
        _rates(summary, period),
        _trend(summary),
        _completed(summary, period),
        _late(summary),
        Section("timeline", _("Activities over the plan period"), chart="timeline"),
        _changes(summary, period),
        _upcoming(summary),
    ]
    if summary.indicators:
        sections.append(_indicators(summary))
    sections.append(_glossary(summary))
    return Paper(
        title=_("Progress summary: {plan}").format(plan=summary.plan.plan.title),
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
        return _("since the {meeting} ({day})").format(
            meeting=_the(summary.previous.title), day=day_words(summary.previous.date)
        )
    if summary.since is not None:
        return _("since {day}").format(day=day_words(summary.since))
    return _("since the plan began")


def _the(title: str) -> str:
    return title[4:] if title.lower().startswith("the ") else title


def _facts(summary: Summary) -> list[tuple[str, str]]:
    plan = summary.plan.plan
    names = summary.plan.names
    coordinators = names_words([c.country for c in summary.now.coordinators], names)
    said = {
        "kind": _(_KINDS.get(plan.kind, plan.kind.replace("-", " "))),
        "track": plan.track,
        "status": shown(_PLAN_STATUSES.get(plan.status, plan.status)),
    }
    if plan.partner_codes:
        what = _("{kind} with {partners}, reviewed by {track}; {status}").format(
            **said, partners=names_words(plan.partner_codes, names)
        )
    else:
        what = _("{kind} of ASEAN alone, reviewed by {track}; {status}").format(**said)
    rows = [
        (_("Plan"), what),
        (
            _("Period"),
            _("{start} to {end}; {elapsed}% of it has passed").format(
                start=day_words(plan.start), end=day_words(plan.end), elapsed=summary.now.elapsed
            ),
        ),
        (
            _("Coordinator"),
            coordinators if summary.now.coordinators else _("none recorded for this day"),
        ),
    ]
    if plan.document is not None:
        doc = plan.document
        rows.append((_("Plan text"), f"{doc.title} ({doc.url or doc.ref})"))
    bodies = _bodies(summary)
    if bodies:
        rows.append((_("Bodies"), bodies))
    if summary.meeting is not None:
        m = summary.meeting
        rows.append(
            (_("For"), f"{m.title}, {day_words(m.date)}" + (f", {m.place}" if m.place else ""))
        )
    future = future_note() if summary.day > summary.today else ""
    rows.append(
        (
            _("As of"),
            _("{day}; changes {period}").format(
                day=day_words(summary.day) + future, period=period_words(summary)
            ),
        )
    )
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
    return "; ".join(f"{code}: {name_of(code, plan.names)}" for code in used)


def _withheld(count: int, redacted: int) -> str:
    if count == 0:
        said = _("no restricted evidence was left out")
    else:
        said = ngettext(
            "{count} restricted evidence item was left out",
            "{count} restricted evidence items were left out",
            count,
        ).format(count=count)
    if redacted:
        said += "; " + ngettext(
            "restricted addresses were taken out of {count} record ({restricted})",
            "restricted addresses were taken out of {count} records ({restricted})",
            redacted,
        ).format(count=redacted, restricted=RESTRICTED)
    return said + "."


def _footer(summary: Summary) -> str:
    said = _("Progress summary prepared from the plan records as of {day}.").format(
        day=day_words(summary.day)
    )
    return said + (" " + _("Marked *: illustrative.") if summary.illustrative else "")


# --- sections --------------------------------------------------------------------------------

_NUM: Final = "num"
_COUNTS: Final = ("activities", "completed", "ongoing", "overdue")
_COUNT_TITLES: Final = (N_("Activities"), N_("Completed"), N_("Ongoing"), N_("Overdue"))


def _rates(summary: Summary, period: str) -> Section:
    rows = []
    for r in summary.rates:
        counts, change = r.counts, r.change
        if r.area is None:
            name = Cell(_("All areas"), "area")
        elif r.group is not None:
            below = _("in {area}").format(area=r.area.id)
            name = Cell(f"{r.group.id} {r.group.title}", "group", below=below)
        else:
            # unless the title (in the plan's English) says it already
            english = somtc_names(r.area, translated=False)
            below = "" if english.casefold() in r.area.title.casefold() else somtc_names(r.area)
            name = Cell(f"{r.area.id} {r.area.title}", "area", below=below)
        rows.append(
            Row(
                (
                    name,
                    *(Cell(str(counts.of(n)), _NUM) for n in _COUNTS),
                    *_rate_cells(counts, change),
                    Cell(shown(counts.rag) or "-", rag=counts.rag or "none"),
                ),
                total=r.area is None,
            )
        )
    return Section(
        "rates",
        _("Implementation by priority area"),
        columns=(
            Column(_("Area")),
            *(Column(_(t), num=True) for t in _COUNT_TITLES),
            *(Column(_(t), num=True) for t in _RATES),
            Column(_("RAG")),
        ),
        rows=tuple(rows),
        chart="rates",
        after=_(
            "Implementation: {implementation}. Engagement: {engagement}. Under each rate, its "
            "change in percentage points {period}."
        ).format(
            implementation=_(IMPLEMENTATION_RULE), engagement=_(ENGAGEMENT_RULE), period=period
        ),
    )


def _rate_cells(counts: Counts, change: RateChange) -> tuple[Cell, ...]:
    """Each rate, and its change under it."""
    return (
        Cell(implementation(counts), _NUM, below=points(change.implementation)),
        Cell(engagement(counts), _NUM, below=points(change.engagement)),
    )


def trend_label(point: TrendPoint) -> str:
    """'9th AMMTC+Japan Consultation', or 'This paper' for a day that is no meeting's."""
    return _the(point.meeting.title) if point.meeting is not None else _("This paper")


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
        _("Rates at each meeting of the plan"),
        columns=(
            Column(_("Meeting")),
            Column(_("Date")),
            *(Column(_(t), num=True) for t in _RATES),
        ),
        rows=rows,
        chart="trend" if len(rows) > 1 else "",
        after=_("Each rate as it stood on the day, from the records then in force."),
    )


_RATES: Final = (N_("Implementation"), N_("Engagement"))


def _glossary(summary: Summary) -> Section:
    """What the figures mean, in plain words, with the plan's own thresholds."""
    limits = summary.plan.rag
    said = (
        (
            _("Implementation rate"),
            _(
                "the share of the plan's activities that are completed, leaving out cancelled "
                "ones ({rule})."
            ).format(rule=_(IMPLEMENTATION_RULE)),
        ),
        (
            _("Engagement rate"),
            _(
                "the share of activities completed or under way (ongoing), leaving out "
                "cancelled ones ({rule})."
            ).format(rule=_(ENGAGEMENT_RULE)),
        ),
        (
            _("Change"),
            _("the difference, in percentage points (pts), from the day compared with."),
        ),
        (
            _("Expected"),
            _(
                "how far an activity would be if its work were spread evenly over its window: "
                "the share of the window that has passed."
            ),
        ),
        (
            _("Overdue"),
            _("the window has ended and the activity is neither completed nor cancelled."),
        ),
        (
            _("RAG"),
            # TRANSLATORS: {amber} and {red} are "15 points", "35 points" (said on their own)
            _(
                "green: completed, or at most {amber} behind the expected progress; amber: "
                "more behind than that; red: more than {red} behind, or overdue; grey: not "
                "begun yet. An area takes the worst of its activities."
            ).format(amber=_points(limits.amber), red=_points(limits.red)),
        ),
    )
    return Section(
        "glossary",
        _("What the figures mean"),
        entries=tuple(Entry(f"{name}:", "", text, "", ()) for name, text in said),
    )


def _points(count: int) -> str:
    return ngettext("{count} point", "{count} points", count).format(count=count)


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
        _("Completed {period}").format(period=period),
        entries=entries,
        empty=_("No activity was completed in this period."),
    )


def _lead_words(codes: list[str], summary: Summary) -> str:
    """'(lead Cambodia and Japan)': where there is room, leads by name."""
    if not codes:
        return _("(no lead assigned)")
    return _("(lead {names})").format(names=names_words(codes, summary.plan.names))


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
                            _("{start} to").format(start=short_day(i.window[0])),
                            short_day(i.window[1]) + ("," if when_words(i) else ""),
                            *when_words(i),
                        ),
                    ),
                    Cell(
                        shown(i.state.status),
                        alert=_("overdue") if i.overdue else "",
                        note=f"({occurrences(i)})" if i.occurrences else "",
                    ),
                    Cell("" if i.state.percent is None else f"{i.state.percent}%", _NUM),
                    Cell(f"{i.expected}%", _NUM),
                    Cell(shown(i.rag) or "-", rag=i.rag or "none"),
                    Cell(record.record.note or "" if record else "", "text"),
                )
            )
        )
    return Section(
        "late",
        _("Overdue and red activities"),
        columns=(
            Column(_("Activity")),
            Column(_("Title")),
            Column(_("Lead")),
            Column(_("Window")),
            Column(_("Status")),
            Column("%", num=True),
            Column(_("Expected"), num=True),
            Column(_("RAG")),
            Column(_("Latest note")),
        ),
        rows=tuple(rows),
        empty=_("None: no activity is overdue or red."),
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
                    Cell(shown(record.status)),
                    Cell("" if percent is None else f"{percent}%", _NUM),
                    Cell(record.note or "", "text", note=replaced),
                    Cell("", "text", links=c.evidence),
                )
            )
        )
    return Section(
        "changes",
        _("Progress reported {period}").format(period=period),
        columns=(
            Column(_("As of")),
            Column(_("Activity")),
            Column(_("Status")),
            Column("%", num=True),
            Column(_("Note")),
            Column(_("Evidence")),
        ),
        rows=tuple(rows),
        empty=_("No progress was recorded in this period."),
    )


def _same_day_words(change: Change) -> str:
    """'(replaced by a later record for this day)', or '(reports differ: ID, JP)'."""
    same = change.same_day
    if same is None:
        return ""
    if same.replaced:
        return _("(replaced by a later record for this day)")
    reporters = ", ".join(dict.fromkeys((change.stored.record.reported_by or "", *same.differs)))
    return _("(reports differ: {reporters})").format(reporters=reporters) if same.differs else ""


def _upcoming(summary: Summary) -> Section:
    rows = tuple(
        Row(
            (
                Cell(short_day(u.day), "date"),
                Cell(u.activity.id, mark=mark(u.activity.provenance)),
                Cell(shown(u.event)),
                Cell(u.activity.title),
                Cell(leads(u.activity.lead, ", ")),
            )
        )
        for u in summary.upcoming
    )
    return Section(
        "upcoming",
        _("Due in the next twelve months (to {day})").format(day=day_words(summary.upcoming_until)),
        columns=tuple(
            Column(_(t)) for t in (N_("Date"), N_("Activity"), N_("Event"), N_("Title"), N_("Lead"))
        ),
        rows=rows,
        empty=_("No activity starts or ends in the next twelve months."),
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
                Cell(short_day(i.reported) if i.reported else _("not yet")),
            )
        )
        for i in summary.indicators
    )
    return Section(
        "indicators",
        _("Indicators"),
        columns=(
            Column(_("Activity")),
            Column(_("Indicator")),
            *(
                Column(_(t), num=True)
                for t in (N_("Baseline"), N_("Value"), N_("Target"), N_("Progress"))
            ),
            Column(_("Reported")),
        ),
        rows=rows,
    )
