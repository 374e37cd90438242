"""The charts of the PIAO report, drawn server-side as PNG with Pillow.

The same images go into the PDF and the DOCX (a browser chart library cannot reach either), so
they are drawn here from plain numbers: a bar chart for a monthly series and a "bullet" chart
(the actual as a bar, the year's target as a mark) for the indicators with targets. Each chart
is also given to the documents as a data table, for the readers who cannot see it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
BLUE = (0, 102, 204)  # Bootstrap Italia's primary
GREEN = (0, 135, 88)
INK = (26, 26, 26)
GREY = (92, 111, 130)
GRID = (222, 226, 230)
TRACK = (236, 240, 244)
WHITE = (255, 255, 255)
WIDTH = 1600  # drawn large, shown at the page's width: sharp in print


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_BOLD if bold else FONT
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def png(image: Image.Image) -> bytes:
    out = BytesIO()
    # RGB, no alpha: PDF/A and old word processors both take it as it is.
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) for about `ticks` grid lines up to `top`."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def text_width(draw: ImageDraw.ImageDraw, text: str, face) -> float:
    return draw.textlength(text, font=face)


def wrap(draw: ImageDraw.ImageDraw, text: str, face, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width(draw, trial, face) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def monthly_bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    axis_label: str,
    fmt: Callable[[float], str],
    tick_fmt: Callable[[float], str],
    color: tuple[int, int, int] = BLUE,
    whole: bool = False,
) -> bytes:
    """One bar per month, its value above it; a month without figures has no bar. `whole`:
    the axis counts people, so its steps are whole numbers."""
    height = 640
    left, right, upper, lower = 150, 40, 70, 80
    image = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(image)
    small, tiny = font(26), font(22)
    known = [v for v in values if v is not None]
    highest = max(known, default=0)
    step = nice_step(highest or 1)
    if whole:
        step = max(1.0, round(step))
    ceiling = step * max(1, math.ceil((highest or 1) / step))
    plot_h = height - upper - lower
    plot_w = WIDTH - left - right

    def y_of(v: float) -> float:
        return upper + plot_h * (1 - v / ceiling)

    tick = 0.0
    while tick <= ceiling + step / 1000:
        y = y_of(tick)
        draw.line([(left, y), (WIDTH - right, y)], fill=GRID, width=2)
        label = tick_fmt(tick)
        draw.text((left - 14 - text_width(draw, label, tiny), y - 13), label, font=tiny, fill=GREY)
        tick += step
    draw.text((left, 18), axis_label, font=small, fill=GREY)
    slot = plot_w / max(1, len(labels))
    bar = slot * 0.62
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + slot * i + (slot - bar) / 2
        centre = left + slot * i + slot / 2
        draw.text(
            (centre - text_width(draw, label, small) / 2, height - lower + 18),
            label,
            font=small,
            fill=INK,
        )
        if value is None:
            continue
        y = y_of(value)
        draw.rectangle([(x, y), (x + bar, y_of(0))], fill=color)
        shown = fmt(value)
        draw.text((centre - text_width(draw, shown, tiny) / 2, y - 30), shown, font=tiny, fill=INK)
    draw.line([(left, y_of(0)), (WIDTH - right, y_of(0))], fill=INK, width=2)
    return png(image)


@dataclass(frozen=True)
class Bullet:
    """One indicator of the actual-versus-target chart."""

    label: str
    actual: float | None
    target: float
    actual_text: str
    target_text: str


def bullets(rows: Sequence[Bullet], legend_actual: str, legend_target: str) -> bytes:
    """Each indicator on its own scale (they have different units): a track up to the larger
    of actual and target, the actual as a bar, the target as a black mark."""
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    face, small, bold = font(24), font(22), font(22, bold=True)
    label_w, figures_w, left, right = 600, 330, 30, 30
    wrapped = [wrap(probe, row.label, face, label_w - 20) for row in rows]
    row_heights = [max(70, 32 * len(lines) + 20) for lines in wrapped]
    upper = 70
    height = upper + sum(row_heights) + 30
    image = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(image)
    track_x0 = left + label_w
    track_x1 = WIDTH - right - figures_w
    # Legend
    draw.rectangle([(left, 22), (left + 34, 46)], fill=BLUE)
    draw.text((left + 44, 20), legend_actual, font=small, fill=INK)
    x = left + 70 + text_width(draw, legend_actual, small)
    draw.rectangle([(x, 14), (x + 6, 54)], fill=INK)
    draw.text((x + 18, 20), legend_target, font=small, fill=INK)
    y = upper
    for row, lines, row_h in zip(rows, wrapped, row_heights, strict=True):
        for n, line in enumerate(lines):
            draw.text((left, y + 10 + 32 * n), line, font=face, fill=INK)
        top = max(row.target, row.actual or 0) * 1.15 or 1.0
        centre = y + row_h / 2

        def x_of(v: float, top: float = top) -> float:
            return track_x0 + (track_x1 - track_x0) * max(0.0, v) / top

        draw.rectangle([(track_x0, centre - 18), (track_x1, centre + 18)], fill=TRACK)
        if row.actual is not None:
            draw.rectangle([(track_x0, centre - 11), (x_of(row.actual), centre + 11)], fill=BLUE)
        mark = x_of(row.target)
        draw.rectangle([(mark - 3, centre - 26), (mark + 3, centre + 26)], fill=INK)
        draw.text((track_x1 + 20, centre - 26), row.actual_text, font=bold, fill=INK)
        draw.text((track_x1 + 20, centre + 2), row.target_text, font=small, fill=GREY)
        y += row_h
        draw.line([(left, y), (WIDTH - right, y)], fill=GRID, width=1)
    return png(image)
