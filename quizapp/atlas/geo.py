"""Pure map geometry: TopoJSON decoding, a Peru-centred projection and SVG path building.

The build step (``tools/build_map.py``) and the map views share :data:`PERU_VIEW`, so the
markers the app draws land on the outline the build step drew.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class MapView:
    """A lon/lat window drawn as an SVG viewBox of ``width`` units across.

    Plate carrée scaled by the cosine of the window's middle latitude: near the equator
    (Peru spans 0–18° S) shapes and distances stay within a few percent of true.
    """

    west: float
    east: float
    south: float
    north: float
    width: float = 600.0

    def __post_init__(self) -> None:
        if not (self.west < self.east and self.south < self.north and self.width > 0):
            raise ValueError("a map view needs west < east, south < north and a positive width")

    @property
    def x_scale(self) -> float:
        """SVG units per degree of longitude."""
        return self.width / (self.east - self.west)

    @property
    def y_scale(self) -> float:
        """SVG units per degree of latitude (wider than x_scale away from the equator)."""
        mid_latitude = math.radians((self.north + self.south) / 2)
        return self.x_scale / math.cos(mid_latitude)

    @property
    def height(self) -> float:
        """The viewBox height that keeps the projection's proportions."""
        return round((self.north - self.south) * self.y_scale, 1)

    @property
    def view_box(self) -> str:
        """The ``viewBox`` attribute value."""
        return f"0 0 {self.width:g} {self.height:g}"


# Peru with room for its neighbours' names and the Pacific label to the west.
PERU_VIEW = MapView(west=-84.2, east=-66.0, south=-19.6, north=1.8, width=600.0)


def project(lon: float, lat: float, view: MapView = PERU_VIEW) -> Point:
    """SVG (x, y) of a longitude/latitude in degrees; y grows southwards."""
    return ((lon - view.west) * view.x_scale, (view.north - lat) * view.y_scale)


def decode_arcs(topology: Mapping[str, Any]) -> list[Ring]:
    """The topology's arcs as absolute lon/lat points (undoing quantization and deltas)."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points: Ring = []
        for position in arc:
            x, y = x + position[0], y + position[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def stitch_ring(arc_indexes: Sequence[int], arcs: Sequence[Ring]) -> Ring:
    """One closed ring from arc indexes; ``~i`` (negative) means arc i reversed."""
    ring: Ring = []
    for index in arc_indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point: keep it once.
        ring.extend(points[1:] if ring else points)
    return ring


def geometry_rings(geometry: Mapping[str, Any], arcs: Sequence[Ring]) -> list[Ring]:
    """Every ring (outer and holes) of a Polygon or MultiPolygon TopoJSON geometry."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [stitch_ring(ring, arcs) for polygon in polygons for ring in polygon]


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Clip a closed ring to the rectangle ``(xmin, ymin, xmax, ymax)`` (Sutherland–Hodgman)."""
    xmin, ymin, xmax, ymax = box
    edges = ((0, xmin, True), (0, xmax, False), (1, ymin, True), (1, ymax, False))
    for axis, limit, keep_above in edges:
        ring = _clip_edge(ring, axis, limit, keep_above)
        if not ring:
            break
    return ring


def _clip_edge(ring: Ring, axis: int, limit: float, keep_above: bool) -> Ring:
    def inside(p: Point) -> bool:
        return p[axis] >= limit if keep_above else p[axis] <= limit

    def crossing(a: Point, b: Point) -> Point:
        t = (limit - a[axis]) / (b[axis] - a[axis])
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))

    out: Ring = []
    for i, current in enumerate(ring):
        previous = ring[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(crossing(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(crossing(previous, current))
    return out


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker: drop points closer than ``tolerance`` to the simplified line."""
    if len(ring) < 3:
        return list(ring)
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = _farthest(ring, first, last)
        if distance > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, kept in zip(ring, keep, strict=True) if kept]


def _farthest(ring: Ring, first: int, last: int) -> tuple[int, float]:
    (ax, ay), (bx, by) = ring[first], ring[last]
    length = math.hypot(bx - ax, by - ay)
    best, best_distance = first, -1.0
    for i in range(first + 1, last):
        px, py = ring[i]
        if length == 0:
            distance = math.hypot(px - ax, py - ay)
        else:
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        if distance > best_distance:
            best, best_distance = i, distance
    return best, best_distance


def path_data(rings: Sequence[Ring], precision: int = 1) -> str:
    """SVG path ``d`` for closed rings; rings with fewer than three points are skipped."""
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        coords = " ".join(f"{_num(x, precision)} {_num(y, precision)}" for x, y in ring)
        parts.append(f"M{coords}Z")
    return "".join(parts)


def _num(value: float, precision: int) -> str:
    text = f"{value:.{precision}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def country_path(geometry: Mapping[str, Any], arcs: Sequence[Ring], view: MapView = PERU_VIEW,
                 *, tolerance: float = 0.3, margin: float = 4.0) -> str:
    """A country's SVG path in ``view``: projected, clipped just outside the box, simplified."""
    box = (-margin, -margin, view.width + margin, view.height + margin)
    rings = []
    for ring in geometry_rings(geometry, arcs):
        projected = [project(lon, lat, view) for lon, lat in ring]
        rings.append(simplify(clip_ring(projected, box), tolerance))
    return path_data(rings)
