"""Make nsc_library/data/nordic-outlines.json, the map's country outlines, from Natural Earth.

Source: Natural Earth 1:50m Admin 0 countries (public domain, naturalearthdata.com), as
redistributed in TopoJSON by the npm package world-atlas 2.0.2 (countries-50m.json, Natural
Earth 4.1.0). Get that file with `npm pack world-atlas@2.0.2` and `tar xzf`, then run:

    python scripts/make_nordic_outlines.py package/countries-50m.json

The outlines are simplified (Douglas-Peucker), islands smaller than a threshold are dropped
(except for the small island areas, which would vanish), and coordinates are rounded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "nsc_library" / "data" / "nordic-outlines.json"
# ISO 3166-1 numeric (world-atlas ids) to the alpha-2 codes the library uses.
AREAS = {
    "208": "DK",
    "246": "FI",
    "352": "IS",
    "578": "NO",
    "752": "SE",
    "248": "AX",
    "234": "FO",
    "304": "GL",
}
# Degrees: the simplification tolerance, and the smallest ring kept (as a bounding-box area).
TOLERANCE = {"GL": 0.12, "AX": 0.01, "FO": 0.01}
DEFAULT_TOLERANCE = 0.035
MIN_AREA = {"GL": 1.0, "AX": 0.0005, "FO": 0.0005}
DEFAULT_MIN_AREA = 0.02
# Svalbard and Jan Mayen are part of Norway in Natural Earth but lie outside the map's frame.
LATITUDE_LIMIT = {"NO": 72.0}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's delta-encoded, quantised arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def box_area(points: list[tuple[float, float]]) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def outlines(topology: dict) -> dict[str, list[list[list[float]]]]:
    arcs = decode_arcs(topology)
    result: dict[str, list[list[list[float]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = AREAS.get(str(geometry.get("id")))
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            outer = ring(arcs, polygon[0])  # holes (lakes) are left out at this scale
            if box_area(outer) < MIN_AREA.get(code, DEFAULT_MIN_AREA):
                continue
            if min(p[1] for p in outer) > LATITUDE_LIMIT.get(code, 90):
                continue
            simple = simplify(outer, TOLERANCE.get(code, DEFAULT_TOLERANCE))
            if len(simple) >= 4:
                rings.append([[round(x, 2), round(y, 2)] for x, y in simple])
        result[code] = rings
    return result


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text("utf-8"))
    document = {
        "_source": "Natural Earth 1:50m Admin 0 countries, version 4.1.0 (via world-atlas 2.0.2), "
        "simplified by scripts/make_nordic_outlines.py",
        "_licence": "Public domain (Natural Earth: 'All versions of Natural Earth raster + vector "
        "map data found on this website are in the public domain')",
        "outlines": outlines(topology),
    }
    OUTPUT.write_text(json.dumps(document, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUTPUT}: {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
