"""The inline SVG charts: gaps, empty and single-point series, escaping, accessibility and determinism."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from deskpilot.analytics.charts import Series, format_value, line_chart, nice_ticks, stacked_bar_chart

WEEKS = ["W45", "W46", "W47", "W48"]


def _tree(svg: str) -> ET.Element:
    """The SVG parsed as XML (it must be well formed)."""
    return ET.fromstring(svg)


def _titles(svg: str) -> list[str]:
    return [t.text or "" for t in _tree(svg).iter("title")]


def _paths(svg: str) -> list[str]:
    return [p.attrib["d"] for p in _tree(svg).iter("path")]


def test_a_gap_splits_the_line_and_every_point_has_a_tooltip() -> None:
    svg = line_chart("Deflection", WEEKS, [Series("Deflection", [0.5, 0.6, None, 0.4])], unit="percent",
                     y_min=0.0, y_max=1.0, width=456, height=240)
    root = _tree(svg)
    assert root.tag == "svg" and root.attrib["role"] == "img"
    assert root.attrib["aria-label"] == "Deflection. Latest: Deflection 40.0 % (W48)."
    # plot from x 56 to 444 (4 bands of 97 px), y from 26 (100 %) to 200 (0 %): 174 px tall
    assert _paths(svg) == ["M104.5 113.0 L201.5 95.6"]  # W48 stands alone after the gap: a dot, no segment
    circles = [(c.attrib["cx"], c.attrib["cy"]) for c in root.iter("circle")]
    assert circles == [("104.5", "113.0"), ("201.5", "95.6"), ("395.5", "130.4")]
    assert _titles(svg) == ["Deflection", "Deflection · W45: 50.0 %", "Deflection · W46: 60.0 %",
                            "Deflection · W48: 40.0 %"]
    texts = [t.text for t in root.iter("text")]
    assert [t for t in texts if t and t.endswith("%")] == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    assert "ISO week" in texts and "W47" in texts


def test_several_series_get_a_legend_and_distinct_styles() -> None:
    svg = line_chart("CSAT", WEEKS, [Series("CSAT AI", [4.5, 3.6667, None, 4.0]),
                                     Series("CSAT human (matched)", [4.0, 3.0, None, 3.0])],
                     y_min=1.0, y_max=5.0, y_label="mean score")
    root = _tree(svg)
    strokes = [(p.attrib["stroke"], p.attrib.get("stroke-dasharray")) for p in root.iter("path")]
    assert strokes == [("#1f4e99", None), ("#c2410c", "6 3")]
    texts = [t.text for t in root.iter("text")]
    assert {"CSAT AI", "CSAT human (matched)", "mean score", "1", "2", "3", "4", "5"} <= set(texts)
    assert "CSAT AI · W46: 3.67" in _titles(svg)
    assert root.attrib["aria-label"].endswith("CSAT AI 4.00 (W48); CSAT human (matched) 3.00 (W48).")


def test_no_point_one_point_and_no_label_render() -> None:
    empty = line_chart("Cost", WEEKS, [Series("Cost", [None] * 4)], unit="euro")
    assert "No data for these weeks" in [t.text for t in _tree(empty).iter("text")]
    assert _paths(empty) == [] and "circle" not in empty
    assert _tree(empty).attrib["aria-label"] == "Cost. No data for these weeks"
    single = line_chart("Cost", ["W48"], [Series("Cost", [16.3])], unit="euro", width=456)
    [circle] = _tree(single).iter("circle")
    assert circle.attrib["cx"] == "250.0" and _paths(single) == []  # centred in the only band
    assert "Cost · W48: €16.30" in _titles(single)
    nothing = line_chart("Cost", [], [Series("Cost", [])], unit="euro")
    assert "No data for these weeks" in nothing
    bars = stacked_bar_chart("Feedback", [], [])
    assert _tree(bars).attrib["role"] == "img"


def test_text_is_escaped() -> None:
    svg = line_chart('Tom & "Jerry" <b>', ["<W1>"], [Series("A&B <script>", [1.0])], y_label="x<y")
    assert "<script>" not in svg and "<b>" not in svg
    root = _tree(svg)
    assert root.attrib["aria-label"].startswith('Tom & "Jerry" <b>. Latest: A&B <script> 1.00 (<W1>)')
    assert "A&amp;B &lt;script&gt;" in svg


def test_stacked_bars_stack_shares_and_mark_missing_weeks() -> None:
    svg = stacked_bar_chart("Feedback", WEEKS, [Series("Approved unchanged", [0.5, 0.0, None, 0.5]),
                                                Series("Edited", [0.0, 1.0, None, 0.5]),
                                                Series("Rejected", [0.5, 0.0, None, 0.0])],
                            y_max=1.0, notes=["2 reviews", "1 review", None, "2 reviews"], width=456)
    rects = [r for r in _tree(svg).iter("rect") if r.find("title") is not None]
    shown = [(r.find("title").text, r.attrib["y"], r.attrib["height"]) for r in rects]  # type: ignore[union-attr]
    assert shown == [
        ("Approved unchanged · W45: 50.0 % (2 reviews)", "113.0", "87.0"),
        ("Rejected · W45: 50.0 % (2 reviews)", "26.0", "87.0"),
        ("Edited · W46: 100.0 % (1 review)", "26.0", "174.0"),
        ("W47: no data", "198.0", "2"),
        ("Approved unchanged · W48: 50.0 % (2 reviews)", "113.0", "87.0"),
        ("Edited · W48: 50.0 % (2 reviews)", "26.0", "87.0"),
    ]
    legend = [r.attrib["fill"] for r in _tree(svg).iter("rect") if r.find("title") is None]
    assert legend == ["#1f4e99", "#c2410c", "#1f7a4d"]


def test_many_weeks_thin_the_axis_labels_but_keep_the_latest() -> None:
    labels = [f"W{i:02d}" for i in range(1, 53)]
    svg = line_chart("Trend", labels, [Series("v", [float(i) for i in range(52)])], width=560)
    shown = [t.text for t in _tree(svg).iter("text") if t.text and t.text.startswith("W")]
    assert shown[-1] == "W52" and len(shown) == 11  # 492 px of plot fit 11 labels: every 5th week
    assert shown[:2] == ["W02", "W07"]
    assert len(list(_tree(svg).iter("circle"))) == 52


def test_output_is_deterministic_and_has_no_script_or_external_reference() -> None:
    def draw() -> str:
        return line_chart("Cost", WEEKS, [Series("Cost", [18.875, 18.0, None, 16.3])], unit="euro")

    assert draw() == draw()
    svg = draw()
    assert not re.search(r"<script|https?:|href=|@import|url\(", svg)
    assert [t.text for t in _tree(svg).iter("text") if t.text and t.text.startswith("€")] == [
        "€0", "€5", "€10", "€15", "€20"]


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="2 values for 4 labels"):
        line_chart("x", WEEKS, [Series("s", [1.0, 2.0])])
    with pytest.raises(ValueError, match="notes"):
        stacked_bar_chart("x", WEEKS, [Series("s", [1.0] * 4)], notes=["a"])


def test_nice_ticks_and_value_formats() -> None:
    assert nice_ticks(0.0, 0.6) == [0.0, 0.2, 0.4, 0.6]
    assert nice_ticks(1.0, 5.0) == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert nice_ticks(0.0, 18.875) == [0.0, 5.0, 10.0, 15.0, 20.0]
    assert nice_ticks(0.0, 0.0) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(-3.0, 7.0) == [-5.0, -2.5, 0.0, 2.5, 5.0, 7.5]
    assert (format_value(0.4, "percent"), format_value(1234.5, "euro"), format_value(11 / 3, "number"),
            format_value(None, "euro")) == ("40.0 %", "€1,234.50", "3.67", "n/a")
