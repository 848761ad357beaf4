"""pydantic models of plan files (SPEC §3) and progress records (§4); field rules only, no I/O."""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictInt

from workplan_cli.vocabulary import RAG_AMBER, RAG_RED, RecordStatus

AseanCode = Literal["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"]
PartnerCode = Literal["AU", "CA", "CN", "IN", "JP", "KR", "NZ", "RU", "GB", "US", "EU"]
CountryCode = Literal[AseanCode, PartnerCode, "ASEC"]  # ASEC: the ASEAN Secretariat

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
    """A public document a fact is taken from."""

    title: Text = Field(description="Title of the document or news report.")
    url: Url


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
    partner: PartnerCode = Field(description="Dialogue partner code, e.g. JP or KR.")
    track: Text = Field(description='The consultation track that reviews it, e.g. "SOMTC+Japan".')
    kind: Literal["work-plan", "plan-of-action"] = Field(description="Kind of instrument.")
    start: dt.date = Field(description="First day of the plan period.")
    end: dt.date = Field(description="Last day of the plan period.")
    status: Literal["draft", "active", "extended", "completed", "superseded"] = Field(
        description="Standing of the plan."
    )
    basis: Text | None = Field(default=None, description="The declaration it implements.")
    note: Text | None = Field(default=None, description="Free text about the plan.")
    sources: Sources = []
    coordinators: list[Coordinator] = Field(
        default=[], description="ASEAN country coordinators over time."
    )


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


class Activity(_Model):
    """An activity (action line) under a priority area."""

    id: ItemId = Field(description='Unique in the plan, e.g. "CT.1" or "1.1.2".')
    title: Text = Field(description="What will be done.")
    lead: Annotated[list[CountryCode], Field(min_length=1)] = Field(
        description="Lead country codes."
    )
    partners: list[CountryCode] = Field(default=[], description="Partner country codes.")
    start: dt.date = Field(description="First day of the activity window.")
    end: dt.date = Field(description="Last day of the activity window.")
    provenance: ProvenanceField = "sourced"
    sources: Sources = []
    expected_results: Text | None = Field(default=None, description="What it should achieve.")
    indicators: list[Indicator] = Field(default=[], description="Measures of its results.")


class Area(_Model):
    """A priority area of the plan, mapped to one of the ten SOMTC areas."""

    id: ItemId = Field(description='Unique in the plan, e.g. "CT".')
    title: Text = Field(description="The plan's own wording.")
    somtc_area: SomtcArea = Field(description="One of the ten SOMTC priority areas.")
    description: Text | None = Field(default=None, description="What the area covers.")
    provenance: ProvenanceField = "sourced"
    sources: Sources = []
    activities: list[Activity] = Field(default=[], description="Activities under this area.")


class PlanFile(_Model):
    """A whole plan file (format 1)."""

    model_config = ConfigDict(title="workplan plan file (format 1)")

    # An int field, not Literal[1], which would also take `true` (True == 1 in Python).
    format: int = Field(ge=1, le=1, description="Version of the file format; always 1.")
    plan: Plan
    rag: Rag = Rag()
    meetings: list[Meeting] = Field(default=[], description="Consultations on the plan.")
    areas: list[Area] = Field(default=[], description="Priority areas and their activities.")

    def activities(self) -> list[Activity]:
        """Every activity of the plan, area by area."""
        return [activity for area in self.areas for activity in area.activities]

    def activity(self, activity_id: str) -> Activity | None:
        """The activity with this id, if the plan has one."""
        return self._by_id.get(activity_id)

    @cached_property
    def _by_id(self) -> dict[str, Activity]:
        found: dict[str, Activity] = {}
        for activity in self.activities():
            found.setdefault(activity.id, activity)  # the first, as a scan would find it
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


class ProgressRecord(_Model):
    """One statement of where an activity stands as of a date; written once, never edited."""

    model_config = ConfigDict(title="workplan progress record (format 1)")

    format: int = Field(ge=1, le=1, description="Version of the record format; always 1.")
    plan: Slug = Field(description="Id of the plan.")
    activity: ItemId = Field(description="Id of the activity in the plan.")
    as_of: dt.date = Field(description="The date the statement is true for.")
    status: RecordStatus = Field(description="Where the activity stands.")
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
