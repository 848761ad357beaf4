"""pydantic models of plan files (SPEC §3) and progress records (§4); field rules only, no I/O."""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictInt

from workplan_cli.vocabulary import (
    BUILT_IN_BODIES,
    CODE_PATTERN,
    COUNTRY_NAMES,
    RAG_AMBER,
    RAG_RED,
    AseanCode,
    PartnerCode,
    RecordStatus,
)

# A country code, ASEC, AMS, or the id of a body the plan declares: checked by the rules.
Code = Annotated[
    str,
    Field(
        pattern=CODE_PATTERN,
        max_length=20,
        description="A country code (§3.1), ASEC, AMS, or the id of a body under [[bodies]].",
    ),
]

SomtcArea = Literal[
    "terrorism",
    "illicit_drug_trafficking",
    "trafficking_in_persons",
    "money_laundering",
    "arms_smuggling",
    "sea_piracy",
    "international_economic_crime",
    "cybercrime",
    "wildlife_and_timber_trafficking",
    "people_smuggling",
]

Provenance = Literal["sourced", "illustrative"]

SLUG_PATTERN: Final = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ITEM_ID_PATTERN: Final = r"^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$"

SLUG_MAX: Final = 80
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
ItemId = Annotated[str, Field(pattern=ITEM_ID_PATTERN, max_length=40)]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


Url = Annotated[
    str,
    Field(
        # no spaces, no control codes (an escape sequence in an address would act on a
        # terminal that shows it), no bidirectional controls
        pattern=r"^https?://[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+$",
        max_length=2_000,
        description="Where it can be read: an http(s) address.",
    ),
]


class Source(_Model):
    """A document a fact is taken from: on the web (url), or held somewhere else (ref)."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["url"]}, {"required": ["ref"]}]}
    )

    title: Text = Field(description="Title of the document or news report.")
    url: Url | None = None
    ref: Text | None = Field(
        default=None,
        description="Where it is kept when it is not on the web: a document symbol, a file.",
    )


Sources = Annotated[
    list[Source],
    Field(description="Public documents the facts above are taken from."),
]
ProvenanceField = Annotated[
    Provenance,
    Field(
        description=(
            'Where the entry comes from: "sourced" (the public record, with sources) '
            'or "illustrative" (invented for demonstration, shown as such).'
        )
    ),
]


class Coordinator(_Model):
    """The ASEAN country coordinator (or co-chair) of a plan for a stretch of time."""

    country: AseanCode = Field(description="ASEAN member state code, e.g. VN.")
    from_: dt.date = Field(alias="from", description="First day of the coordinatorship.")
    until: dt.date | None = Field(default=None, description="Last day, if it has ended.")
    note: Text | None = Field(default=None, description="Free text, e.g. what is inferred.")
    sources: Sources = []


class Plan(_Model):
    """The [plan] table: what the plan is, its period and standing."""

    id: Slug = Field(description="Lowercase slug equal to the file name stem.")
    title: Text = Field(description="The official title.")
    short_title: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        default=None, description="A short name for narrow tables."
    )
    aliases: list[Text] = Field(default=[], description="Other names in use.")
    partner: PartnerCode | None = Field(
        default=None,
        description='One dialogue partner code, e.g. JP: the same as partners = ["JP"].',
    )
    partners: list[PartnerCode] | None = Field(
        default=None,
        description='Dialogue partner codes, e.g. ["CN", "JP", "KR"]; [] for an ASEAN-only plan.',
    )
    track: Text = Field(description='The consultation track that reviews it, e.g. "SOMTC+Japan".')
    kind: Literal["work-plan", "plan-of-action"] = Field(description="Kind of instrument.")
    start: dt.date = Field(description="First day of the plan period.")
    end: dt.date = Field(description="Last day of the plan period.")
    status: Literal["draft", "active", "extended", "completed", "superseded"] = Field(
        description="Standing of the plan."
    )
    basis: Text | None = Field(default=None, description="The declaration it implements.")
    note: Text | None = Field(default=None, description="Free text about the plan.")
    document: Source | None = Field(
        default=None,
        description="The plan's own text; items with no sources of their own are sourced from it.",
    )
    former_ids: list[Slug] = Field(
        default=[], description="Ids the plan had before; records filed under them count for it."
    )
    sources: Sources = []
    coordinators: list[Coordinator] = Field(
        default=[], description="ASEAN country coordinators over time."
    )

    @property
    def partner_codes(self) -> tuple[str, ...]:
        """The dialogue partners: none for an ASEAN-only plan."""
        if self.partner is not None:
            return (self.partner,)
        return tuple(self.partners or ())


class Rag(_Model):
    """Thresholds for red/amber/green, in percentage points behind expected progress."""

    amber: int = Field(default=RAG_AMBER, ge=0, le=100, description="Amber when behind by more.")
    red: int = Field(default=RAG_RED, ge=0, le=100, description="Red when behind by more.")


class Meeting(_Model):
    """A consultation that agreed, adopted, reviewed or will review the plan."""

    id: Slug = Field(description="Lowercase slug, unique in the plan.")
    title: Text = Field(description='e.g. "10th AMMTC+Japan Consultation".')
    level: Literal["working-group", "senior-officials", "ministerial", "leaders"] = Field(
        description="Level of the meeting."
    )
    date: dt.date = Field(description="Date of the meeting.")
    place: Text | None = Field(default=None, description="City and country, or virtual.")
    outcome: Literal["agreed", "adopted", "reviewed", "welcomed", "planned"] = Field(
        description="What the meeting did with the plan."
    )
    note: Text | None = Field(default=None, description="Free text, e.g. figures reported.")
    provenance: ProvenanceField = "sourced"
    sources: Sources = []


class Indicator(_Model):
    """A measure of an activity's results against a baseline and a target."""

    id: Slug = Field(description="Lowercase slug, unique in the activity.")
    title: Text = Field(description="What is counted.")
    unit: Text = Field(description='Unit, e.g. "persons".')
    baseline: float = Field(default=0, allow_inf_nan=False, description="Value at the start.")
    target: float = Field(allow_inf_nan=False, description="Value to reach.")
    aggregation: Literal["cumulative", "incremental"] = Field(
        default="cumulative",
        description="cumulative: the latest value counts; incremental: values add up.",
    )


class Body(_Model):
    """An organisation that leads or takes part, beyond the built-in codes (e.g. UNODC)."""

    id: Code = Field(description="Its code in lead, partners and --by, e.g. UNODC.")
    name: Text = Field(description="Its full name.")
    note: Text | None = None
    sources: Sources = []


class Group(_Model):
    """A middle level inside an area, e.g. "1.1 Exchange of Information"."""

    id: ItemId = Field(description='Unique in the plan, e.g. "1.1".')
    title: Text = Field(description="The plan's own wording.")
    description: Text | None = None


class Activity(_Model):
    """An activity (action line) under a priority area."""

    id: ItemId = Field(description='Unique in the plan, e.g. "CT.1" or "1.1.2".')
    group: ItemId | None = Field(default=None, description="Id of a group of the same area.")
    title: Text = Field(description="What will be done.")
    lead: list[Code] = Field(default=[], description="Lead codes; absent or []: not assigned.")
    partners: list[Code] = Field(default=[], description="Codes of those taking part.")
    start: dt.date | None = Field(
        default=None, description="First day of the activity window; absent: the plan's start."
    )
    end: dt.date | None = Field(
        default=None, description="Last day of the activity window; absent: the plan's end."
    )
    timeline: Text | None = Field(
        default=None,
        description='The plan\'s own words for when, e.g. "within six months of endorsement".',
    )
    repeat: Literal["yearly"] | None = Field(
        default=None, description="yearly: recurs every calendar year of its window."
    )
    former_ids: list[ItemId] = Field(
        default=[], description="Ids it had before; records filed under them count for it."
    )
    provenance: ProvenanceField = "sourced"
    sources: Sources = []
    expected_results: Text | None = Field(default=None, description="What it should achieve.")
    note: Text | None = Field(default=None, description="Free text.")
    indicators: list[Indicator] = Field(default=[], description="Measures of its results.")


class Area(_Model):
    """A priority area of the plan, mapped to the SOMTC areas it covers (none: cross-cutting)."""

    id: ItemId = Field(description='Unique in the plan, e.g. "CT".')
    title: Text = Field(description="The plan's own wording.")
    somtc_area: list[SomtcArea] | SomtcArea | None = Field(
        default=None,
        description="One of the ten SOMTC areas, a list of them, or absent (cross-cutting).",
    )
    description: Text | None = Field(default=None, description="What the area covers.")
    provenance: ProvenanceField = "sourced"
    sources: Sources = []
    groups: list[Group] = Field(default=[], description="Middle levels inside the area.")
    activities: list[Activity] = Field(default=[], description="Activities under this area.")

    @property
    def somtc_areas(self) -> tuple[str, ...]:
        """The SOMTC areas it covers; () for a cross-cutting area."""
        if self.somtc_area is None:
            return ()
        return (self.somtc_area,) if isinstance(self.somtc_area, str) else tuple(self.somtc_area)


class PlanFile(_Model):
    """A whole plan file (format 1)."""

    model_config = ConfigDict(title="workplan plan file (format 1)")

    # An int field, not Literal[1], which would also take `true` (True == 1 in Python).
    format: int = Field(ge=1, le=1, description="Version of the file format; always 1.")
    plan: Plan
    rag: Rag = Rag()
    bodies: list[Body] = Field(
        default=[], description="Organisations that lead or take part, beyond the built-in codes."
    )
    meetings: list[Meeting] = Field(default=[], description="Consultations on the plan.")
    areas: list[Area] = Field(default=[], description="Priority areas and their activities.")

    def activities(self) -> list[Activity]:
        """Every activity of the plan, area by area."""
        return [activity for area in self.areas for activity in area.activities]

    def activity(self, activity_id: str) -> Activity | None:
        """The activity with this id, or that had it before (``former_ids``)."""
        return self._by_id.get(activity_id)

    def current_id(self, activity_id: str) -> str:
        """The id the activity has now that had ``activity_id`` (itself when unknown)."""
        found = self._by_id.get(activity_id)
        return activity_id if found is None else found.id

    def owns(self, plan_id: str) -> bool:
        """True when records about ``plan_id`` are this plan's: its id or a former one."""
        return plan_id == self.plan.id or plan_id in self.plan.former_ids

    def window(self, activity: Activity) -> tuple[dt.date, dt.date]:
        """The first and last day of the activity: the plan's where it gives none."""
        return activity.start or self.plan.start, activity.end or self.plan.end

    @cached_property
    def names(self) -> dict[str, str]:
        """The name of every code the plan may use: countries, ASEC, AMS, its bodies."""
        return COUNTRY_NAMES | BUILT_IN_BODIES | {b.id: b.name for b in self.bodies}

    @cached_property
    def _by_id(self) -> dict[str, Activity]:
        found: dict[str, Activity] = {}
        for activity in self.activities():
            found.setdefault(activity.id, activity)  # the first, as a scan would find it
        for activity in self.activities():
            for former in activity.former_ids:
                found.setdefault(former, activity)
        return found


def _no_list() -> list[Any]:
    """An empty list. Our own factory, not ``list``: pydantic reads a factory's signature,
    and reading a builtin's starts Python's tokenizer, 8 ms of every run."""
    return []


def _no_dict() -> dict[str, Any]:
    """An empty dict (see ``_no_list``)."""
    return {}


FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class Evidence(_Model):
    """A document that shows what a progress record says."""

    title: Text = Field(description="Title of the report, news item or minutes.")
    url: Url
    restricted: bool = Field(
        default=False, description="True when it must not be published (left out by --public)."
    )


RecordId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=120)]


class ProgressRecord(_Model):
    """One statement of where an activity stands as of a date; written once, never edited.

    A withdrawal is a record too: it names the record it withdraws, gives the reason as its
    note, and has no status."""

    model_config = ConfigDict(title="workplan progress record (format 1)")

    format: int = Field(ge=1, le=1, description="Version of the record format; always 1.")
    plan: Slug = Field(description="Id of the plan.")
    activity: ItemId = Field(description="Id of the activity in the plan.")
    as_of: dt.date = Field(description="The date the statement is true for.")
    status: RecordStatus | None = Field(
        default=None, description="Where the activity stands (absent only in a withdrawal)."
    )
    withdraws: RecordId | None = Field(
        default=None,
        description="Id of a record of the same activity that this one withdraws; the reason "
        "is the note. The withdrawn record then counts nowhere.",
    )
    after: list[RecordId] = Field(
        default_factory=_no_list,
        description="The records of the same activity and day that were there when this one "
        "was written: it comes after them, whatever the computers' clocks said.",
    )
    percent: StrictInt | None = Field(
        default=None, ge=0, le=100, description="Share done, 0-100; completed means 100."
    )
    note: Annotated[str, Field(max_length=20_000)] | None = Field(
        default=None, description="Free text, kept exactly."
    )
    meeting: Slug | None = Field(default=None, description="Id of the meeting it was reported at.")
    reported_by: Annotated[str, Field(min_length=1, max_length=120)] | None = Field(
        default=None, description="Country code or office that reports it."
    )
    provenance: ProvenanceField = "sourced"
    recorded_at: AwareDatetime = Field(description="When it was written (UTC), set by workplan.")
    # Factories, not default=[]: pydantic deep-copies a default for every record read.
    evidence: list[Evidence] = Field(
        default_factory=_no_list, description="Documents that show it."
    )
    indicators: dict[Slug, StrictInt | FiniteFloat] = Field(
        default_factory=_no_dict,
        description="Values of the activity's indicators, by indicator id.",
    )

    @property
    def effective_percent(self) -> int | None:
        """The percent, with completed meaning 100."""
        return 100 if self.status == "completed" and self.percent is None else self.percent


@dataclass(frozen=True, eq=False)
class StoredRecord:
    """A progress record as stored: its id (the file name stem), its file and its content.

    The file may be given as a string: a Path is made only when asked for, since at 200,000
    records making them all takes a second and 100 MB that `status` never reads."""

    id: str
    file: Path | str
    record: ProgressRecord
    filed_as: str | None = None  # "PLAN/ACTIVITY" when filed under ids they no longer have

    @property
    def path(self) -> Path:
        """The record's file."""
        return self.file if isinstance(self.file, Path) else Path(self.file)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StoredRecord):
            return NotImplemented
        return (self.id, self.path, self.record) == (other.id, other.path, other.record)

    def __hash__(self) -> int:
        return hash((self.id, self.path))


def is_plan_id(text: str) -> bool:
    """True when ``text`` may be a plan id (and so a file name)."""
    return len(text) <= SLUG_MAX and re.fullmatch(SLUG_PATTERN, text) is not None
