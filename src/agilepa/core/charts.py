"""The configuration of a Chart.js chart, built by the view, drawn by core/static/core/charts.js.

A page includes core/_chart.html with the dict `chart_config()` returns: the include writes a
<canvas> and the dict as a json_script block; the one static script draws every such canvas. No page
carries chart code of its own, so the Content-Security-Policy can refuse inline script; the
colours are the palette below, in series order, unless a series names its own."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

# Bootstrap Italia's primary blue, then greens, ochre, violet, red and dark blue: each has a
# contrast of at least 3:1 on white, as WCAG 1.4.11 asks of the parts of a chart.
PALETTE = ("#0066cc", "#008758", "#a66300", "#5c2d91", "#d9364f", "#17324d")


@dataclass(frozen=True)
class Series:
    label: str
    data: Sequence[float | int | None]
    colour: str = ""
    dashed: bool = False


def _translucent(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def chart_config(
    kind: Literal["line", "bar", "radar"],
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    y_min: float | None = None,
    y_max: float | None = None,
    y_title: str = "",
    horizontal: bool = False,
    legend: bool = True,
    tension: float = 0,
) -> dict[str, Any]:
    datasets = []
    for i, s in enumerate(series):
        colour = s.colour or PALETTE[i % len(PALETTE)]
        dataset: dict[str, Any] = {
            "label": str(s.label),
            "data": list(s.data),
            "borderColor": colour,
            # A radar's areas overlap: filled lightly so the one behind stays visible.
            "backgroundColor": _translucent(colour, 0.2 if i == 0 else 0.1)
            if kind == "radar"
            else colour,
        }
        if s.dashed:
            dataset["borderDash"] = [6, 4]
        if tension:
            dataset["tension"] = tension
        datasets.append(dataset)
    scale: dict[str, Any] = {}
    if y_min is not None:
        scale["min"] = y_min
    if y_max is not None:
        scale["max"] = y_max
    if y_min is None and kind != "radar":
        scale["beginAtZero"] = True
    if y_title:
        scale["title"] = {"display": True, "text": str(y_title)}
    axis = "r" if kind == "radar" else ("x" if horizontal else "y")
    options: dict[str, Any] = {"scales": {axis: scale}}
    if horizontal:
        options["indexAxis"] = "y"
    if not legend:
        options["plugins"] = {"legend": {"display": False}}
    return {
        "type": kind,
        "data": {"labels": [str(label) for label in labels], "datasets": datasets},
        "options": options,
    }
