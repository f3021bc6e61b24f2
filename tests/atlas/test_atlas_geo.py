"""Pure map geometry: projection, TopoJSON decoding, clipping, simplification, the built SVG."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from quizapp.atlas.geo import (
    PERU_VIEW,
    MapView,
    clip_ring,
    country_path,
    decode_arcs,
    geometry_rings,
    path_data,
    project,
    simplify,
)
from quizapp.atlas.places import load_places

ROOT = Path(__file__).resolve().parents[2]
PERU_BOX = (-81.4, -68.6, -18.4, -0.03)  # west, east, south, north

# Two arcs forming the unit square (10,20)-(11,21) with quantization scale 0.5.
TINY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
    "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "id": "604", "arcs": [[0, 1]]},
    ]}},
}


def test_projection_is_monotonic_and_keeps_peru_inside_the_view_box() -> None:
    west, east, south, north = PERU_BOX
    xs = [project(west + i * (east - west) / 10, -9)[0] for i in range(11)]
    ys = [project(-75, north - i * (north - south) / 10)[1] for i in range(11)]
    assert xs == sorted(xs) and len(set(xs)) == 11  # eastwards is rightwards
    assert ys == sorted(ys) and len(set(ys)) == 11  # southwards is downwards
    for lon in (west, east):
        for lat in (south, north):
            x, y = project(lon, lat)
            assert 0 < x < PERU_VIEW.width and 0 < y < PERU_VIEW.height


def test_projection_keeps_proportions_near_peru() -> None:
    # One degree of latitude is ~1.3% longer than one of longitude at 9° S on this view.
    assert PERU_VIEW.y_scale / PERU_VIEW.x_scale == pytest.approx(1.0125, abs=0.005)
    assert PERU_VIEW.view_box == f"0 0 600 {PERU_VIEW.height:g}"


def test_bad_view_is_refused() -> None:
    with pytest.raises(ValueError):
        MapView(west=-70, east=-80, south=-18, north=0)


def test_lima_is_west_of_cusco_and_north_of_arequipa_on_the_svg() -> None:
    places = {p.id: p for p in load_places()}
    lima, cusco, arequipa = (places[k].position() for k in ("lima", "cusco", "arequipa"))
    assert lima[0] < cusco[0]
    assert lima[1] < arequipa[1]


def test_topojson_arcs_are_decoded_and_stitched() -> None:
    arcs = decode_arcs(TINY)
    assert arcs[0] == [(10, 20), (11, 20), (11, 21)]
    assert arcs[1] == [(11, 21), (10, 21), (10, 20)]
    ring = geometry_rings(TINY["objects"]["countries"]["geometries"][0], arcs)[0]
    assert ring == [(10, 20), (11, 20), (11, 21), (10, 21), (10, 20)]


def test_negative_arc_index_means_reversed() -> None:
    arcs = decode_arcs(TINY)
    ring = geometry_rings({"type": "MultiPolygon", "arcs": [[[~1, ~0]]]}, arcs)[0]
    assert ring == [(10, 20), (10, 21), (11, 21), (11, 20), (10, 20)]


def test_unquantized_topology_and_other_geometry_types() -> None:
    arcs = decode_arcs({"arcs": [[[1.5, 2.5], [3, 4]]]})
    assert arcs == [[(1.5, 2.5), (3.0, 4.0)]]
    assert geometry_rings({"type": "Point", "coordinates": [0, 0]}, arcs) == []


def test_clipping_cuts_a_square_at_the_box() -> None:
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    clipped = clip_ring(square, (0, 0, 10, 10))
    assert sorted(set(clipped)) == [(0, 0), (0, 5), (5, 0), (5, 5)]
    assert clip_ring(square, (20, 20, 30, 30)) == []


def test_simplify_drops_points_on_a_straight_line_only() -> None:
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (2.0, 5.0), (0.0, 0.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (2.0, 5.0), (0.0, 0.0)]


def test_path_data_rounds_and_closes_rings() -> None:
    assert path_data([[(0.04, 1.25), (10, 0), (10, 10)], [(1, 1)]]) == "M0 1.2 10 0 10 10Z"


def test_build_step_projects_the_tiny_topology() -> None:
    spec = importlib.util.spec_from_file_location("build_map", ROOT / "tools" / "build_map.py")
    assert spec and spec.loader
    build_map = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_map)
    view = MapView(west=9, east=12, south=19, north=22, width=300)
    paths = build_map.country_paths(TINY, view)
    assert paths == {"604": country_path(TINY["objects"]["countries"]["geometries"][0],
                                         decode_arcs(TINY), view)}
    assert paths["604"].startswith("M100 213.5 200 213.5") and paths["604"].endswith("Z")


def test_committed_outline_matches_the_view_and_stays_small() -> None:
    svg_file = ROOT / "quizapp" / "static" / "maps" / "peru.svg"
    svg = svg_file.read_text(encoding="utf-8")
    assert svg_file.stat().st_size < 150_000
    assert f'viewBox="{PERU_VIEW.view_box}"' in svg  # markers and outline share one projection
    assert re.search(r'class="land peru"[^>]*d="M', svg)
    for name in ("Ecuador", "Colombia", "Brazil", "Bolivia", "Chile", "Pacific"):
        assert f">{name}<" in svg
