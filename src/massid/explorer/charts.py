"""Inline SVG geometry: the mass along the chain and the route sketch, computed server-side.

Templates only place the numbers computed here; no script, map tile or font is fetched, so the
page works offline and without JavaScript.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

STAGES = {
    "pick-up": "Pick-up",
    "pickup": "Pick-up",
    "weighing": "Weighing",
    "sorting": "Sorting",
    "recycled": "Recycled",
    "recycling": "Recycled",
}
BUILT_IN = frozenset({"ACTOR", "CLOSE", "CANCEL", "RELATED", "UPDATE", "SPLIT", "OUTPUT"})
CHART_WIDTH, CHART_HEIGHT = 640, 240
ROUTE_WIDTH, ROUTE_HEIGHT = 640, 320
PAD = 40


def kg(value: Decimal) -> str:
    """``1,234.5`` — thousands separated, no trailing zeros."""
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(str(value))


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    mass: str
    x: float
    y: float
    width: float
    height: float
    label_x: float


@dataclass(frozen=True, slots=True)
class MassChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    summary: str


def mass_points(view: Mapping[str, Any]) -> list[tuple[str, Decimal]]:
    """The mass at each public stage event: its own value, or the mass carried so far."""
    mass = _number(view.get("value"))
    points: list[tuple[str, Decimal]] = []
    for event in view.get("externalEvents", []):
        name = str(event.get("name", ""))
        value = _number(event.get("value"))
        if name == "SPLIT" and value is not None and mass is not None:
            mass -= value
        elif name not in BUILT_IN and value is not None:
            mass = value
        stage = STAGES.get(name.strip().casefold())
        if stage is not None and mass is not None:
            points.append((stage, mass))
    return points


def mass_chart(view: Mapping[str, Any]) -> MassChart | None:
    """Bars of the mass at pick-up, weighing, sorting and recycling, scaled to the largest."""
    points = mass_points(view)
    if not points:
        return None
    top = max(mass for _, mass in points) or Decimal(1)
    plot_height = CHART_HEIGHT - 2 * PAD
    slot = (CHART_WIDTH - 2 * PAD) / len(points)
    width = min(slot * 0.6, 120)
    baseline = CHART_HEIGHT - PAD
    bars = []
    for index, (label, mass) in enumerate(points):
        height = float(mass / top) * plot_height
        x = PAD + slot * index + (slot - width) / 2
        bars.append(
            Bar(
                label,
                kg(mass),
                round(x, 1),
                round(baseline - height, 1),
                round(width, 1),
                round(height, 1),
                round(x + width / 2, 1),
            )
        )
    summary = " → ".join(f"{label} {kg(mass)} kg" for label, mass in points)
    return MassChart(CHART_WIDTH, CHART_HEIGHT, baseline, bars, summary)


@dataclass(frozen=True, slots=True)
class Stop:
    number: int
    label: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class RouteSketch:
    width: int
    height: int
    stops: list[Stop]
    path: str
    summary: str


def _place(address: Any) -> tuple[float, float, str] | None:
    if not isinstance(address, Mapping):
        return None
    lat, lon = address.get("latitude"), address.get("longitude")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    label = ", ".join(str(address[f]) for f in ("city", "countryState") if address.get(f))
    return float(lat), float(lon), label


def route_places(view: Mapping[str, Any]) -> list[tuple[float, float, str]]:
    """The primary address, then each public event's place; repeats in a row collapse."""
    places: list[tuple[float, float, str]] = []
    candidates = [view.get("primaryAddress")] + [
        event.get("address")
        for event in view.get("externalEvents", [])
        if event.get("name") != "ACTOR"
    ]
    for address in candidates:
        place = _place(address)
        if place is not None and (not places or places[-1][:2] != place[:2]):
            places.append(place)
    return places


def route_sketch(view: Mapping[str, Any]) -> RouteSketch | None:
    """The coarsened places in order, projected (equirectangular) into the sketch's box."""
    places = route_places(view)
    if not places:
        return None
    mid_lat = math.radians(sum(lat for lat, _, _ in places) / len(places))
    xs = [lon * math.cos(mid_lat) for _, lon, _ in places]
    ys = [-lat for lat, _, _ in places]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = min(ROUTE_WIDTH, ROUTE_HEIGHT) - 2 * PAD
    cx = (ROUTE_WIDTH - (max(xs) - min(xs)) / span * scale) / 2
    cy = (ROUTE_HEIGHT - (max(ys) - min(ys)) / span * scale) / 2
    stops = [
        Stop(
            index + 1,
            label,
            round(cx + (x - min(xs)) / span * scale, 1),
            round(cy + (y - min(ys)) / span * scale, 1),
        )
        for index, (x, y, (_, _, label)) in enumerate(zip(xs, ys, places, strict=True))
    ]
    path = " ".join(f"{stop.x},{stop.y}" for stop in stops)
    summary = " → ".join(stop.label or "unnamed place" for stop in stops)
    return RouteSketch(ROUTE_WIDTH, ROUTE_HEIGHT, stops, path, summary)
