"""The content model: plain typed objects, no I/O.

Everything a renderer needs is here, already validated and resolved by `pipeline.content.load`.
Renderers import this module and never read content files themselves.
"""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from pipeline.model.clock import WrittenNumber, span_minutes

Malform = Literal["nn", "nb"]


def _clock(value: object) -> object:
    """Accept 8:30, 08:30 and 08.30 as a clock time; refuse 9.5, which could mean several.

    YAML 1.2 hands an unquoted 10:45 over as the text "10:45", and an unquoted 8.30 as the
    number 8.3. The loader keeps how such a number was written (`written_as`), so 8.30 is
    08:30 while 9.5 (09:05? half past nine? 09:50?) is refused with the readings it may have.
    """
    if isinstance(value, time):
        return value
    if isinstance(value, float):
        value = value.written_as if isinstance(value, WrittenNumber) else f"{value:.2f}"
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour < 24 and minute < 60:
                return time(hour, minute)
        short = re.fullmatch(r"\s*(\d{1,2})[:.](\d)\s*", value)
        if short and int(short[1]) < 24:
            raise ValueError(_ambiguous_clock(value.strip(), int(short[1]), int(short[2])))
    raise ValueError(f"expected a clock time like 08:30, received {value!r}")


def _ambiguous_clock(written: str, hour: int, digit: int) -> str:
    """The message for a time with one digit after the point: the readings it may have."""
    if digit == 0:
        return f"{written}: write the minutes of a clock time with two digits, as {hour:02d}:00"
    readings = [f"{hour:02d}:0{digit}"]
    if digit == 5 and "." in written:
        readings.append(f"{hour:02d}:30 (half past, as in {hour}.5 hours)")
    readings.append(f"{hour:02d}:{digit}0")
    could_be = f"{', '.join(readings[:-1])} or {readings[-1]}"
    return (
        f"{written} is not a clear clock time: it could mean {could_be}; "
        "write the minutes with two digits, like 09:30"
    )


def _hex_colour(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"#[0-9A-Fa-f]{6}", value.strip()):
        return value.strip().upper()
    raise ValueError(f"expected a colour like #1F4E79, received {value!r}")


def _norwegian_date(value: object) -> object:
    """Accept 20.09.23, 20.09.2023 and 2023-09-20."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 20.09.23, received {value!r}")
    match = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"expected a real date, received {value!r}") from exc
    return value


# What editors are told through the JSON Schemas (`samling schema`): the forms the validators
# above accept. An editor sees an unquoted 8.30 as the number 8.3, so a clock time may also be
# a number whose part after the point is below .60; it cannot tell 9.5 from 9.50.
CLOCK_PATTERN = r"^\s*([01]?[0-9]|2[0-3])[:.][0-5][0-9]\s*$"
DAY_PATTERN = r"^(\s*[0-9]{1,2}\.[0-9]{1,2}\.([0-9]{2}|[0-9]{4})\s*|[0-9]{4}-[0-9]{2}-[0-9]{2})$"
COLOUR_PATTERN = r"^\s*#[0-9A-Fa-f]{6}\s*$"
_CLOCK_SCHEMA = {
    "description": "a clock time: 08:30, 8:30 or 8.30",
    "anyOf": [
        {"type": "string", "pattern": CLOCK_PATTERN},
        *(
            {"type": "number", "minimum": hour, "maximum": round(hour + 0.59, 2)}
            for hour in range(24)
        ),
    ],
    "not": {"type": "integer"},  # 9 is not a time; an editor sees 9.0 as 9 too
}
_DAY_SCHEMA = {
    "description": "a date: 20.09.23, 20.09.2023 or 2023-09-20",
    "type": "string",
    "pattern": DAY_PATTERN,
}
_COLOUR_SCHEMA = {
    "description": 'a colour like "#1F4E79", in quotes',
    "type": "string",
    "pattern": COLOUR_PATTERN,
}

Clock = Annotated[time, BeforeValidator(_clock), WithJsonSchema(_CLOCK_SCHEMA)]
Colour = Annotated[str, BeforeValidator(_hex_colour), WithJsonSchema(_COLOUR_SCHEMA)]
Day = Annotated[date, BeforeValidator(_norwegian_date), WithJsonSchema(_DAY_SCHEMA)]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- program.yaml


class Branding(Model):
    primary: Colour = "#1F4E79"
    secondary: Colour = "#2E7D6B"
    accent: Colour = "#C8553D"
    background: Colour = "#FFFFFF"
    text: Colour = "#1E2A33"
    font: Text = "Carlito"
    logo: str | None = None
    # Resolved by the loader: the logo's absolute path inside content/.
    logo_path: SkipJsonSchema[Path | None] = None


class SamlingInfo(Model):
    number: int = Field(ge=1, le=99)
    date: Day
    place: Text
    theme: Text
    start: Clock | None = None
    end: Clock | None = None


class NetworkGroup(Model):
    name: Text
    members: list[Text] = []


class FrameSlide(Model):
    """A slide shown at the start and end of every samling."""

    title: Text
    points: list[Text] = []
    notes: str = ""


class Poll(Model):
    title: Text
    url: Text

    @field_validator("url")
    @classmethod
    def _https(cls, url: str) -> str:
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"expected a web address starting with https://, received {url!r}")
        return url


class Program(Model):
    kommune: Text
    title: Text
    malform: Malform
    facilitators: list[Text] = []
    participants: int = Field(ge=1)
    branding: Branding = Branding()
    samlinger: list[SamlingInfo]
    network_groups: list[NetworkGroup] = []
    frame_slides: list[FrameSlide] = []

    def samling_info(self, number: int) -> SamlingInfo | None:
        return next((info for info in self.samlinger if info.number == number), None)

    def next_samling(self, number: int) -> SamlingInfo | None:
        later = [s for s in self.samlinger if s.number > number]
        return min(later, key=lambda s: s.number) if later else None


# --------------------------------------------------------------------------- samling.yaml

BlockKind = Literal[
    "velkommen", "innslag", "pause", "lunsj", "gruppearbeid", "plenum", "avslutning"
]


class AgendaBlock(Model):
    id: Text
    start: Clock
    end: Clock
    kind: BlockKind
    title: str = ""  # pause and lunsj get their title from the målform
    topics: list[Text] = []
    lead: str = ""
    materials: list[Text] = []
    on_agenda_slide: bool = True

    @property
    def minutes(self) -> int:
        return span_minutes(self.start, self.end)


class ImageRef(Model):
    """An image used on a slide; declared in samling.yaml so credits live in one place."""

    file: Text
    alt: Text
    credit: str = ""
    license: str = ""
    source_url: str = ""
    path: SkipJsonSchema[Path | None] = None  # resolved by the loader


class Samling(Model):
    """samling.yaml: the day itself."""

    number: int
    goals: list[Text] = []
    agenda: list[AgendaBlock]
    mellomarbeid: list[Text] = []
    materials: list[Text] = []
    polls: dict[str, Poll] = {}
    images: dict[str, ImageRef] = {}
    references: list[Text] = []


# --------------------------------------------------------------------------- exercises.yaml

Method = Literal[
    "igp", "duo", "rollespel", "diamant", "gallerivandring", "ordsky", "refleksjon", "plenum"
]
StepMode = Literal["individuelt", "duo", "gruppe", "plenum"]


class Role(Model):
    name: Text
    picked_by: str = ""  # "den som er nærmest 40 år"
    description: str = ""


class Step(Model):
    text: Text
    mode: StepMode
    minutes: int = Field(ge=0, le=240)


class WorksheetPrompt(Model):
    text: Text
    lines: int = Field(default=4, ge=0, le=30)


WorksheetLayout = Literal["prompts", "diamond", "observer", "listening"]


class Worksheet(Model):
    title: Text
    layout: WorksheetLayout = "prompts"
    intro: str = ""
    prompts: list[WorksheetPrompt] = []


class Exercise(Model):
    id: SkipJsonSchema[str] = ""  # filled by the loader from the mapping key
    title: Text
    block: Text
    method: Method
    group_size: int | None = Field(default=None, ge=1, le=30)
    rotate_roles: bool = False
    rounds: int | None = Field(default=None, ge=1, le=20)
    roles: list[Role] = []
    steps: list[Step]
    deliverable: str = ""
    instructions: list[Text] = []
    materials: list[Text] = []
    worksheet: Worksheet | None = None

    @property
    def effective_rounds(self) -> int:
        """Rotating roles run one round per role; otherwise the stated rounds, default 1."""
        if self.rounds is not None:
            return self.rounds
        if self.rotate_roles and self.roles:
            return len(self.roles)
        return 1

    @property
    def minutes_per_round(self) -> int:
        return sum(step.minutes for step in self.steps)

    @property
    def total_minutes(self) -> int:
        return self.minutes_per_round * self.effective_rounds


# --------------------------------------------------------------------------- results.yaml


class ResultList(Model):
    title: Text
    intro: str = ""
    items: list[Text]


class Results(Model):
    """What came out of a day: read by the next samling's deck, never copied by hand."""

    lists: dict[str, ResultList] = {}
    vision_proposals: list[Text] = []
    value_votes: dict[str, int] = {}
    follow_up_questions: list[Text] = []


# --------------------------------------------------------------------------- lederplattform.yaml


class PlatformValue(Model):
    name: Text = Field(max_length=24)
    kjennetegn: list[Annotated[str, Field(min_length=1, max_length=140)]] = Field(
        min_length=1, max_length=4
    )


class Vision(Model):
    text: Text = Field(max_length=60)
    example_decision: bool = False


class Lederplattform(Model):
    title: Text
    vision: Vision
    values: list[PlatformValue] = Field(min_length=9, max_length=9)
    example_decision: bool = False
    note: str = ""


# --------------------------------------------------------------------------- slides.md


class SourcePos(Model):
    file: Path
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Paragraph(Model):
    kind: Literal["paragraph"] = "paragraph"
    text: str


class ListItem(Model):
    text: str
    level: int = 0  # 0 or 1: two levels of nesting


class BulletList(Model):
    kind: Literal["bullets"] = "bullets"
    items: list[ListItem]


class NumberedList(Model):
    kind: Literal["numbered"] = "numbered"
    items: list[ListItem]


class Quote(Model):
    kind: Literal["quote"] = "quote"
    text: str
    source: str = ""


class Image(Model):
    kind: Literal["image"] = "image"
    ref: str  # key into Samling.images
    image: ImageRef


BodyBlock = Paragraph | BulletList | NumberedList | Quote | Image


class Column(Model):
    blocks: list[BodyBlock]


SlideKind = Literal[
    "title",
    "section",
    "bullets",
    "columns",
    "quote",
    "agenda",
    "exercise",
    "questions",
    "image",
    "poll",
    "results",
    "pyramid",
    "steps",
    "triangle",
    "flow",
    "statistic",
    "diamond",
    "cards",
    "levels",
    "pause",
    "lunsj",
    "frame",
    "closing",
    "wordcloud",
]
SLIDE_KINDS: tuple[str, ...] = SlideKind.__args__  # type: ignore[attr-defined]


class Slide(Model):
    title: str
    kind: SlideKind
    attrs: dict[str, str] = {}
    blocks: list[BodyBlock] = []
    columns: list[Column] = []
    notes: str = ""
    block_id: str = ""  # the agenda block this slide belongs to
    source: SourcePos
    # For a slide the build makes from other content (the agenda, frame slides): where that
    # content is written, for messages about what the facilitator can change.
    made_from: SourcePos | None = None
    # Filled by the loader for kinds that draw on other content.
    exercise: Exercise | None = None
    poll: Poll | None = None
    agenda_block: AgendaBlock | None = None
    result_items: list[str] = []
    result_intro: str = ""


# --------------------------------------------------------------------------- the whole


class SamlingBundle(Model):
    """Everything one samling's outputs are built from."""

    program: Program
    info: SamlingInfo
    samling: Samling
    exercises: list[Exercise]
    slides: list[Slide]
    results: Results | None = None
    previous_results: Results | None = None
    next_samling: SamlingInfo | None = None
    # How many deck slides each of `slides` became, as the deck renderer laid them out in
    # the deck's template (an agenda may go on over continuation slides); None: not known,
    # and the model's own rule counts (pipeline.model.plan.slide_span).
    deck_spans: list[int] | None = None

    @property
    def malform(self) -> Malform:
        return self.program.malform

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def block(self, block_id: str) -> AgendaBlock | None:
        return next((b for b in self.samling.agenda if b.id == block_id), None)


def clock(value: time) -> str:
    return value.strftime("%H:%M")


def norwegian_date(value: date) -> str:
    return value.strftime("%d.%m.%y")


class Run(Model):
    """A piece of inline text with its emphasis, from Markdown's **bold** and *italic*."""

    text: str
    bold: bool = False
    italic: bool = False
