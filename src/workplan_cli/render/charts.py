"""The summary's charts, drawn once as shapes and written as SVG (the HTML page and the PDF made
from it) or as PNG (the Word paper). Labels are wrapped whole, never cut."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING, Final

from workplan_cli.i18n import N_, _, pgettext
from workplan_cli.planning import ActivityFigures, Counts
from workplan_cli.render.words import engagement, implementation, mark, short_day, shown, window
from workplan_cli.summary import Summary
from workplan_cli.text import visible

if TYPE_CHECKING:
    from PIL import ImageFont

# RAG colours; the text on each badge has at least WCAG AA contrast with it (4.5:1)
RAG_COLOURS: Final = {
    "green": "#2e7d32",
    "amber": "#ef8f00",
    "red": "#c62828",
    "grey": "#616161",  # white on it: 6.2:1
    "none": "#cfd8dc",  # cancelled: not judged
}
RAG_TEXT: Final = {"green": "#fff", "amber": "#1f2933", "red": "#fff", "grey": "#fff"} | {
    "none": "#1f2933"
}
INK: Final = "#1f2933"
MUTED: Final = "#52606d"
RULE: Final = "#d9e2ec"
DARK: Final = "#1f4e79"  # implemented; the implementation rate
LIGHT: Final = "#9ec5e8"  # engaged
ENGAGED_LINE: Final = "#4a90c8"  # the engagement rate: a line must show on white


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    rx: float = 0
    title: str = ""  # a tooltip, where the format has them


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 1
    dash: tuple[float, float] | None = None


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: str


@dataclass(frozen=True)
class Text:
    """Lines of text, the first on the baseline ``y``; anchored at their start, middle or end."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: float = 12
    fill: str = INK
    anchor: str = "start"  # "start", "middle" or "end"
    line_h: float = 14


Shape = Rect | Line | Dot | Text


@dataclass(frozen=True)
class Chart:
    """A drawing: its size in CSS pixels, its shapes, and what it shows, in words."""

    id: str
    label: str  # for screen readers and as the picture's description
    caption: str
    width: float
    height: float
    shapes: tuple[Shape, ...]


def wrapped(text: str, width: float, size: float) -> tuple[str, ...]:
    """``text`` on lines no wider than ``width`` pixels at ``size``, whole: words go to the
    next line, and a word wider than a line is broken, never cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        tried = f"{line} {word}" if line else word
        if text_width(tried, size) <= width:
            line = tried
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:  # a word that does not fit a line: broken where it must be
            if line and text_width(line + ch, size) > width:
                lines.append(line)
                line = ""
            line += ch
    return (*lines, line) if line or not lines else tuple(lines)


# Fonts to draw the Word paper's charts with, in this order: wide
# ones that hold the letters of ASEAN names (Đà Nẵng), found where the system keeps fonts
# (Linux, macOS and Windows); else the one Pillow carries, which holds only basic Latin.
_FONTS: Final = (
    "DejaVuSans.ttf",
    "NotoSans-Regular.ttf",
    "LiberationSans-Regular.ttf",
    "Arial.ttf",
    "arial.ttf",
    "segoeui.ttf",
)


@cache
def font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The font of the charts' pictures at ``size`` pixels."""
    from PIL import ImageFont

    for name in _FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # pragma: no cover  # a system without those fonts


def text_width(text: str, size: float) -> float:
    """How wide ``text`` is at ``size`` pixels, by the widths of DejaVu Sans (a wide font: the
    HTML page's fonts and those the pictures are drawn in are no wider), from a table, so that
    labels wrap the same way on every computer."""
    return size * sum(_em(ch) for ch in text)


# DejaVu Sans's advance widths of the printable ASCII characters, in ems (from its metrics)
_ASCII_EMS: Final = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361,
    0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337,
    0.337, 0.838, 0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775,
    0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611,
    0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635,
    0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
    0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337,
    0.636, 0.838,
)  # fmt: skip


def _em(ch: str) -> float:
    """The width of a character in ems: ASCII from the table; a mark that combines with the
    letter before it, none; a wide East Asian character, one; any other, a wide letter's."""
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_EMS[code - 32]
    import unicodedata

    if unicodedata.combining(ch):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.75


def charts_of(summary: Summary) -> dict[str, tuple[Chart, ...]]:
    """Every chart of the summary, by the name a section gives it; a long timeline is drawn
    in parts that each fit a page."""
    found = {"rates": (rates_chart(summary),), "timeline": timeline_charts(summary)}
    if len(summary.trend) > 1:
        found["trend"] = (trend_chart(summary),)
    return found


# --- the charts -------------------------------------------------------------------------------


def rates_chart(summary: Summary) -> Chart:
    """Rates per area as horizontal bars: implemented (dark) over engaged (light)."""
    rows: list[tuple[str, Counts]] = [
        (f"{a.area.id} {a.area.title}", a.counts) for a in summary.now.areas
    ]
    rows.append((_("All areas"), summary.now.counts))
    label_w, bar_w, row_h, line_h = 230, 300, 34, 15
    x = label_w
    texts = [
        _("{implemented}; engaged {engaged}").format(
            implemented=implementation(c), engaged=engagement(c)
        )
        for __, c in rows
    ]
    width = label_w + bar_w + 8 + 6.6 * max(map(len, texts)) + 8  # about 6.6 px a character
    shapes: list[Shape] = [
        Text(x, 14, ("0%",), 12, MUTED),
        Text(x + bar_w, 14, ("100%",), 12, MUTED, "end"),
    ]
    y = 24.0
    for (label, counts), text in zip(rows, texts, strict=True):
        lines = wrapped(label, label_w - 14, 12.5)
        shapes += [
            Text(x - 8, y + 16 - (len(lines) - 1) * line_h / 2, lines, 12.5, INK, "end", line_h),
            Rect(x, y + 4, bar_w, 18, "#eef2f6"),
            Rect(x, y + 4, round(bar_w * (counts.engagement or 0) / 100, 1), 18, LIGHT),
            Rect(x, y + 4, round(bar_w * (counts.implementation or 0) / 100, 1), 18, DARK),
            Text(x + bar_w + 8, y + 17, (text,), 12),
        ]
        y += max(row_h, len(lines) * line_h + 6)
    return Chart(
        "chart-rates",
        _("Implementation and engagement rates by priority area"),
        _(
            "Dark: implemented (completed). Light: engaged (completed or ongoing). "
            "Cancelled activities are left out."
        ),
        round(width),
        y + 8,
        tuple(shapes),
    )


TIMELINE_ROWS: Final = 25  # activities in one part of the timeline: it fits a page


def timeline_charts(summary: Summary) -> tuple[Chart, ...]:
    """The timeline, in parts of at most ``TIMELINE_ROWS`` activities."""
    items = summary.now.activities
    parts = [items[n : n + TIMELINE_ROWS] for n in range(0, len(items), TIMELINE_ROWS)]
    return tuple(timeline_chart(summary, part, n) for n, part in enumerate(parts or [()]))


def timeline_chart(summary: Summary, items: tuple[ActivityFigures, ...], part: int) -> Chart:
    """Activities' windows against the plan period, coloured by their RAG, titled."""
    plan = summary.plan.plan
    start, end = plan.start, plan.end
    span = max((end - start).days, 1)
    label_w, chart_w, line_h, top = 330, 370, 12.5, 40

    def at(day: dt.date) -> float:
        clamped = min(max(day, start), end)
        return round(label_w + chart_w * (clamped - start).days / span, 1)

    shapes: list[Shape] = [*_legend(10, summary)]
    y = float(top)
    rows: list[Shape] = []
    for item in items:
        a = item.activity
        lines = wrapped(f"{a.id}{mark(a.provenance)} {a.title}", label_w - 14, 10.5)
        row_h = len(lines) * line_h + 5
        left, right = at(item.window[0]), at(item.window[1])
        rows += [
            Text(6, y + 10, lines, 10.5, INK, "start", line_h),
            Rect(
                left,
                y + row_h / 2 - 5.5,
                max(round(right - left, 1), 2),
                11,
                RAG_COLOURS[item.rag or "none"],
                2,
                _("{activity} {title}: {window}; {status}, RAG {rag}").format(
                    activity=a.id,
                    title=a.title,
                    window=window(item),
                    status=shown(item.state.status),
                    rag=shown(item.rag) or pgettext("no RAG", "none"),
                ),
            ),
        ]
        y += row_h
    height = y + 22
    shapes.append(Rect(label_w, top - 4, chart_w, y - top + 8, "#f7f9fb"))
    for year in range(start.year, end.year + 1):
        if start <= dt.date(year, 1, 1) <= end:
            x = at(dt.date(year, 1, 1))
            shapes += [
                Line(((x, top - 8), (x, y + 4)), RULE),
                Text(x + 3, top - 10, (str(year),), 11, MUTED),
            ]
    shapes += rows
    if start <= summary.day <= end:
        x = at(summary.day)
        near_end = x > label_w + chart_w - 80
        shapes += [
            Line(((x, top - 4), (x, y + 4)), INK, 1.5, (4, 3)),
            Text(x - 3 if near_end else x + 3, y + 17, (short_day(summary.day),), 11, INK,
                 "end" if near_end else "start"),
        ]  # fmt: skip
    return Chart(
        "chart-timeline" + (f"-{part + 1}" if part else ""),
        _("Activity windows over the plan period, coloured by RAG"),
        _(
            "Each bar is an activity's window, coloured by its RAG as of {day}; the dashed line "
            "is that day."
        ).format(day=short_day(summary.day)),
        label_w + chart_w + 10,
        height,
        tuple(shapes),
    )


def _legend(y: float, summary: Summary) -> list[Shape]:
    """The RAG colours in words, at the top of the timeline."""
    shapes: list[Shape] = [Text(6, y + 9, (_("RAG:"),), 11, MUTED)]
    x = 40.0
    for name in ("green", "amber", "red", "grey", "none"):
        word = shown(name if name != "none" else "cancelled")
        shapes += [Rect(x, y, 11, 11, RAG_COLOURS[name], 2), Text(x + 15, y + 9, (word,), 11)]
        x += 15 + 6.2 * len(word) + 14
    return shapes


def trend_chart(summary: Summary) -> Chart:
    """The implementation and engagement rates at each meeting and on the day, over time."""
    points = summary.trend
    first, last = points[0].day, points[-1].day
    span = max((last - first).days, 1)
    left, right, top, bottom = 44, 660, 34, 190

    def at(day: dt.date) -> float:
        return round(left + (right - left) * (day - first).days / span, 1)

    def up(value: float | None) -> float:
        return round(bottom - (bottom - top) * (value or 0) / 100, 1)

    shapes: list[Shape] = []
    for value in (0, 25, 50, 75, 100):
        shapes += [
            Line(((left, up(value)), (right, up(value))), RULE),
            Text(left - 6, up(value) + 4, (f"{value}%",), 11, MUTED, "end"),
        ]
    years = [(at(dt.date(y, 1, 1)), y) for y in range(first.year + 1, last.year + 1)]
    for x, year in years or [(left, first.year)]:  # within one year: that year, at its start
        shapes += [
            Line(((x, bottom), (x, bottom + 5)), MUTED),
            Text(x, bottom + 18, (str(year),), 11, MUTED, "middle" if years else "start"),
        ]
    engaged = tuple(p.counts.engagement for p in points)
    implemented = tuple(p.counts.implementation for p in points)
    for values, colour, dash, name, lx in (
        (engaged, ENGAGED_LINE, (5.0, 3.0), N_("Engagement rate"), 210),
        (implemented, DARK, None, N_("Implementation rate"), left),
    ):
        # a day with no rate (nothing counted) has no point, rather than a false 0%
        line = tuple(
            (at(p.day), up(v)) for p, v in zip(points, values, strict=True) if v is not None
        )
        shapes += [
            Line(line, colour, 2.5, dash),
            *(Dot(x, y, 4, colour) for x, y in line),
            Line(((lx, 12), (lx + 26, 12)), colour, 2.5, dash),
            Text(lx + 32, 16, (_(name),), 12),
        ]
    return Chart(
        "chart-trend",
        _("Implementation and engagement rates at each meeting of the plan"),
        _(
            "Each point is a meeting of the plan, the last one this paper's day ({day}); the "
            "table gives each rate."
        ).format(day=short_day(last)),
        right + 20,
        bottom + 26,
        tuple(shapes),
    )


# --- SVG --------------------------------------------------------------------------------------


def _text(value: str) -> str:
    return escape(visible(value), quote=True)


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, int) or float(value).is_integer() else f"{value:.1f}"


def svg(chart: Chart) -> str:
    """The chart as an SVG element to put in an HTML page; every piece of text escaped."""
    out = [
        f'<svg id="{chart.id}" role="img" aria-label="{_text(chart.label)}" '
        f'xmlns="http://www.w3.org/2000/svg" width="{_num(chart.width)}" '
        f'height="{_num(chart.height)}" viewBox="0 0 {_num(chart.width)} {_num(chart.height)}">'
    ]
    for shape in chart.shapes:
        out.append("  " + _svg_shape(shape))
    out.append("</svg>")
    return "\n".join(out)


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        rx = f' rx="{_num(shape.rx)}"' if shape.rx else ""
        box = (
            f'x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.w)}" '
            f'height="{_num(shape.h)}"{rx} fill="{shape.fill}"'
        )
        if shape.title:
            return f"<rect {box}><title>{_text(shape.title)}</title></rect>"
        return f"<rect {box}/>"
    if isinstance(shape, Line):
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
        dash = (
            f' stroke-dasharray="{_num(shape.dash[0])} {_num(shape.dash[1])}"' if shape.dash else ""
        )
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{_num(shape.width)}"{dash}/>'
        )
    if isinstance(shape, Dot):
        centre = f'cx="{_num(shape.x)}" cy="{_num(shape.y)}"'
        return f'<circle {centre} r="{_num(shape.r)}" fill="{shape.fill}"/>'
    anchor = "" if shape.anchor == "start" else f' text-anchor="{shape.anchor}"'
    below = f' dy="{_num(shape.line_h)}"'
    spans = "".join(
        f'<tspan x="{_num(shape.x)}"{below if n else ""}>{_text(line)}</tspan>'
        for n, line in enumerate(shape.lines)
    )
    return (
        f'<text x="{_num(shape.x)}" y="{_num(shape.y)}" font-size="{_num(shape.size)}" '
        f'fill="{shape.fill}"{anchor}>{spans}</text>'
    )


# --- PNG --------------------------------------------------------------------------------------

_SCALE: Final = 3  # pixels per CSS pixel: sharp when printed at the width of a page


def png(chart: Chart) -> bytes:
    """The chart as a PNG picture, drawn with Pillow in the first wide font the computer has
    (see ``font``): the same chart gives the same bytes on the same computer."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    s = _SCALE
    image = Image.new("RGB", (round(chart.width * s), round(chart.height * s)), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[float, ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            if shape.w * s < 1 or shape.h * s < 1:
                continue  # a bar of 0%
            box = (
                shape.x * s,
                shape.y * s,
                (shape.x + shape.w) * s - 1,
                (shape.y + shape.h) * s - 1,
            )
            if shape.rx:
                draw.rounded_rectangle(box, radius=shape.rx * s, fill=shape.fill)
            else:
                draw.rectangle(box, fill=shape.fill)
        elif isinstance(shape, Line):
            points = [(x * s, y * s) for x, y in shape.points]
            width = max(round(shape.width * s), 1)
            for a, b in pairwise(points):
                for piece in _dashes(a, b, shape.dash, s):
                    draw.line(piece, fill=shape.stroke, width=width)
        elif isinstance(shape, Dot):
            r = shape.r * s
            draw.ellipse((shape.x * s - r, shape.y * s - r, shape.x * s + r, shape.y * s + r),
                         fill=shape.fill)  # fmt: skip
        else:
            size = shape.size * s
            if size not in fonts:
                fonts[size] = font(size)
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            for n, line in enumerate(shape.lines):
                y = (shape.y + n * shape.line_h) * s
                draw.text((shape.x * s, y), visible(line), fill=shape.fill, font=fonts[size],
                          anchor=anchor)  # fmt: skip
    out = BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _dashes(
    a: tuple[float, float], b: tuple[float, float], dash: tuple[float, float] | None, s: float
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The segment from ``a`` to ``b``, whole or in dashes (``dash``: on and off, unscaled)."""
    if dash is None:
        return [(a, b)]
    (ax, ay), (bx, by) = a, b
    length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
    if length == 0:
        return []
    on, off = dash[0] * s, dash[1] * s
    pieces = []
    start = 0.0
    while start < length:
        stop = min(start + on, length)
        pieces.append(
            (
                (ax + (bx - ax) * start / length, ay + (by - ay) * start / length),
                (ax + (bx - ax) * stop / length, ay + (by - ay) * stop / length),
            )
        )
        start = stop + off
    return pieces
