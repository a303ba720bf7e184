"""The map of the Nordic countries and their member cities, drawn as SVG on the server.

Outlines come from nsc_library/data/nordic-outlines.json (Natural Earth, public domain; made by
scripts/make_nordic_outlines.py). The projection is equirectangular with the longitude scaled by
the cosine of a middle latitude, which keeps the Nordic shapes recognisable; Greenland, far to
the west and north, is drawn in an inset at its own scale.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from nsc_library.models.places import NORDIC_CODES
from nsc_library.services.network import CityCount

OUTLINES_FILE = "nordic-outlines.json"
WIDTH = 1000
INSET_CODE = "GL"
LABEL_FONT_PX = 17
LABEL_CHAR_PX = 9.4  # an average character of the label font, to keep labels apart


@dataclass(frozen=True)
class Frame:
    """A lon/lat window drawn into a pixel box: x grows east, y grows south."""

    west: float
    east: float
    south: float
    north: float
    middle_latitude: float
    left: float
    top: float
    scale: float  # pixels per degree of latitude

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        squeeze = math.cos(math.radians(self.middle_latitude))
        return (
            round(self.left + (lon - self.west) * squeeze * self.scale, 1),
            round(self.top + (self.north - lat) * self.scale, 1),
        )

    @property
    def size(self) -> tuple[float, float]:
        squeeze = math.cos(math.radians(self.middle_latitude))
        return (
            round((self.east - self.west) * squeeze * self.scale, 1),
            round((self.north - self.south) * self.scale, 1),
        )


MAIN_SCALE = WIDTH / ((32 - -25) * math.cos(math.radians(63)))
MAIN = Frame(-25, 32, 54, 71.5, 63, 0, 0, MAIN_SCALE)
HEIGHT = round(MAIN.size[1])
INSET = Frame(-74, -10, 59.5, 84, 72, 4, HEIGHT - 292, 11.6)


@dataclass(frozen=True)
class Area:
    code: str
    path: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    radius: float
    entry: CityCount
    label_x: float | None = None  # None: no visible label (the list and the link name it)
    anchor: str = "start"


@dataclass(frozen=True)
class NordicMap:
    width: int
    height: int
    areas: list[Area]
    inset: tuple[float, float, float, float]  # x, y, width, height of Greenland's box
    points: list[Point]


@cache
def outlines() -> dict[str, list[list[list[float]]]]:
    text = resources.files("nsc_library.data").joinpath(OUTLINES_FILE).read_text("utf-8")
    return json.loads(text)["outlines"]


@cache
def projected_areas() -> list[Area]:
    """The outlines as SVG paths; they never change while the app runs."""
    return [Area(code, area_path(code, rings)) for code, rings in sorted(outlines().items())]


def frame_for(code: str) -> Frame:
    return INSET if code == INSET_CODE else MAIN


def area_path(code: str, rings: list[list[list[float]]]) -> str:
    frame = frame_for(code)
    parts = []
    for ring in rings:
        points = [frame.project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


def radius(count: int) -> float:
    """Points grow with the area, not the radius, in proportion to the practices."""
    return round(5 + 3 * math.sqrt(count), 1)


def nordic_map(cities: list[CityCount], labels: bool = True) -> NordicMap:
    """The map with these cities (those with coordinates in a Nordic country or area)."""
    areas = projected_areas()
    placed = [
        entry
        for entry in cities
        if entry.city.country_code in NORDIC_CODES and entry.city.latitude is not None
    ]
    # Biggest first: their labels are placed first, and smaller points are drawn on top.
    placed.sort(key=lambda e: (-e.count, e.city.name))
    points = place_labels([point_for(entry) for entry in placed], enabled=labels)
    width, height = INSET.size
    return NordicMap(WIDTH, HEIGHT, areas, (INSET.left, INSET.top, width, height), points)


def point_for(entry: CityCount) -> Point:
    frame = frame_for(entry.city.country_code)
    x, y = frame.project(entry.city.longitude or 0, entry.city.latitude or 0)
    return Point(x, y, radius(entry.count), entry)


def place_labels(points: list[Point], enabled: bool) -> list[Point]:
    """A label right of each point, or left of it, where it overlaps no earlier label or point."""
    if not enabled:
        return points
    taken: list[tuple[float, float, float, float]] = [
        (p.x - p.radius, p.y - p.radius, p.x + p.radius, p.y + p.radius) for p in points
    ]
    result = []
    for point in points:
        width = len(point.entry.city.name) * LABEL_CHAR_PX
        chosen = None
        for anchor, left in (
            ("start", point.x + point.radius + 3),
            ("end", point.x - point.radius - 3 - width),
        ):
            box = (left, point.y - LABEL_FONT_PX / 2, left + width, point.y + LABEL_FONT_PX / 2)
            clear = 0 <= box[0] and box[2] <= WIDTH and not any(overlaps(box, t) for t in taken)
            if clear:
                chosen = (anchor, left if anchor == "start" else left + width)
                taken.append(box)
                break
        if chosen:
            result.append(Point(point.x, point.y, point.radius, point.entry, chosen[1], chosen[0]))
        else:
            result.append(point)
    return result


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
