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


# --------------------------------------------------------------------------- marker labels

# Advance of bold sans-serif letters in ems, a little over DejaVu Sans Bold's (measured in
# Chromium: "VRAEM" 0.80 a letter, "Callao" 0.58); phones' Roboto and San Francisco run narrower.
CAPITAL_WIDTH, LETTER_WIDTH, NARROW_WIDTH = 0.82, 0.66, 0.36
NARROW_LETTERS = frozenset(" ilj.,'’!|")
# Where a label may sit around its marker, tried in this order after the place's own side:
# (text-anchor, x direction, y direction).
LABEL_SPOTS: dict[str, tuple[str, int, int]] = {
    "right": ("start", 1, 0), "left": ("end", -1, 0), "above": ("middle", 0, -1),
    "below": ("middle", 0, 1), "above-right": ("start", 1, -1), "below-right": ("start", 1, 1),
    "above-left": ("end", -1, -1), "below-left": ("end", -1, 1),
}

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class LabelRequest:
    """A marker whose name should be drawn beside it: its dot, its text, its preferred side."""

    x: float
    y: float
    text: str
    side: str = "right"


@dataclass(frozen=True)
class Label:
    """Where a name is drawn: the SVG text's anchor point and ``text-anchor``."""

    x: float
    y: float
    anchor: str
    side: str


def label_box(spot: Label, text: str, font_size: float) -> Box:
    """The box a name covers when drawn at ``spot`` (estimated from its length)."""
    width = text_width(text, font_size)
    left = {"start": spot.x, "end": spot.x - width}.get(spot.anchor, spot.x - width / 2)
    return (left, spot.y - 0.8 * font_size, left + width, spot.y + 0.25 * font_size)


def text_width(text: str, font_size: float) -> float:
    """An estimate, slightly generous, of a bold name's drawn width."""
    ems = sum(NARROW_WIDTH if c in NARROW_LETTERS else CAPITAL_WIDTH if c.isupper()
              else LETTER_WIDTH for c in text)
    return ems * font_size


def _spot(request: LabelRequest, side: str, font_size: float, gap: float) -> Label:
    anchor, dx, dy = LABEL_SPOTS[side]
    # The box's nearest edge sits ``gap`` from the dot's centre; a corner spot pulls in a bit.
    reach = gap * (0.75 if dx and dy else 1.0)
    middle = {-1: -reach - 0.25 * font_size, 0: 0.275 * font_size, 1: reach + 0.8 * font_size}
    return Label(round(request.x + dx * reach, 1), round(request.y + middle[dy], 1), anchor, side)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(requests: Sequence[LabelRequest], view: MapView = PERU_VIEW, *,
                 font_size: float, dot_radius: float, unlabelled: Sequence[Point] = ()
                 ) -> list[Label | None]:
    """Greedy, deterministic label placement: each name takes the first free spot around it.

    Requests are placed in order (most important first). A spot is free when its box stays
    inside the view, keeps as far from every other marker as from its own, and its row (the
    name and its dot) meets no row placed before: so no name is read as the neighbour's, and
    two names either side of two close dots never read as one ("Callao • Lima").
    ``unlabelled`` are further markers' dots that names keep clear of.

    Returns:
        One entry per request: its :class:`Label`, or None when no spot is free (the page
        then shows the name only on focus or hover, and lists it beside the map).
    """
    gap = dot_radius + 0.3 * font_size
    clear = gap - 1.0
    dots = {(r.x, r.y) for r in requests} | set(unlabelled)
    taken: list[Box] = []
    placed: list[Label | None] = []
    for request in requests:
        others = [(x - clear, y - clear, x + clear, y + clear) for x, y in dots
                  if (x, y) != (request.x, request.y)]
        sides = [request.side, *(s for s in LABEL_SPOTS if s != request.side)]
        found = None
        for side in sides:
            spot = _spot(request, side, font_size, gap)
            box = label_box(spot, request.text, font_size)
            # A name and its own dot read as one row: two rows must not meet across two dots.
            row = (min(box[0], request.x - dot_radius), box[1],
                   max(box[2], request.x + dot_radius), box[3])
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= view.width and box[3] <= view.height
            if (inside and not any(_overlaps(row, b) for b in taken)
                    and not any(_overlaps(box, b) for b in others)):
                found = spot
                taken.append(_padded(row, font_size))
                break
        placed.append(found)
    return placed


def _padded(box: Box, font_size: float) -> Box:
    pad = 0.2 * font_size
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
