"""Threshold calibration on hand-computed observation lists."""

from __future__ import annotations

import pytest

from deskpilot.decide.calibrate import NEVER, Observation, calibrate, choose_threshold, floor4
from deskpilot.decide.gate import DEFAULT_THRESHOLD

# (confidence, correct), best first. Precision of the accepted set when the threshold is at each confidence:
# 0.95 → 1/1, 0.90 → 2/2, 0.85 → 3/3, 0.80 → 3/4 = 0.75, 0.70 → 4/5 = 0.80, 0.60 → 4/6 = 0.67.
POINTS = [(0.95, True), (0.90, True), (0.85, True), (0.80, False), (0.70, True), (0.60, False)]


def test_lowest_threshold_meeting_the_target_wins_even_past_a_dip() -> None:
    choice = choose_threshold(POINTS, target=0.75, min_accepted=1)
    assert choice.reachable and choice.threshold == 0.70
    assert (choice.examples, choice.accepted, choice.correct) == (6, 5, 4)
    assert choice.coverage == pytest.approx(5 / 6) and choice.precision == pytest.approx(0.8)


def test_a_stricter_target_stops_above_the_first_mistake() -> None:
    choice = choose_threshold(POINTS, target=0.9, min_accepted=1)
    assert choice.threshold == 0.85 and choice.accepted == 3 and choice.precision == 1.0


def test_minimum_accepted_count_makes_a_perfect_but_tiny_head_unreachable() -> None:
    choice = choose_threshold(POINTS, target=1.0, min_accepted=4)
    assert not choice.reachable and choice.threshold == NEVER
    assert choice.accepted == 0 and choice.coverage == 0.0 and choice.precision is None


def test_tied_confidences_are_accepted_together() -> None:
    tied = [(0.9, True), (0.9, False), (0.8, True)]
    choice = choose_threshold(tied, target=0.9, min_accepted=1)
    assert not choice.reachable and choice.threshold == NEVER  # 0.9 accepts both: 1/2; 0.8: 2/3
    assert choose_threshold(tied, target=0.5, min_accepted=1).threshold == 0.8  # 2/3 ≥ 0.5


def test_threshold_is_rounded_down_so_it_still_accepts_its_own_confidence() -> None:
    assert floor4(0.57) == 0.57 and floor4(0.123456) == 0.1234
    choice = choose_threshold([(0.123456, True)], target=1.0, min_accepted=1)
    assert choice.threshold == 0.1234 and choice.accepted == 1


def _obs(locale: str, category: str, points: list[tuple[float, bool]], eligible: bool = True) -> list[Observation]:
    return [Observation(locale, category, conf, ok, eligible) for conf, ok in points]


def test_ineligible_observations_do_not_count() -> None:
    observations = _obs("en", "orders", POINTS) + _obs("en", "orders", [(0.99, False)] * 5, eligible=False)
    plan = calibrate(observations, target_precision=0.75, min_examples=6, min_accepted=1)
    cell = next(c for c in plan.cells if (c.locale, c.category) == ("en", "orders"))
    assert cell.source == "own" and cell.examples == 6 and cell.threshold == 0.70
    assert plan.writes[("en", "orders")] == 0.70


def test_thin_cells_fall_back_to_their_category_then_to_the_global_cell() -> None:
    observations = (_obs("de", "returns", [(0.9, True), (0.5, False)])                    # 2 eligible: too few
                    + _obs("en", "returns", [(0.8, True), (0.7, True), (0.4, False)])     # 3: its own
                    + _obs("en", "orders", [(0.6, True)]))                                 # 1, category also 1
    plan = calibrate(observations, target_precision=1.0, min_examples=3, min_accepted=1)
    by_key = {(c.locale, c.category): c for c in plan.cells}
    # returns over all locales: 0.9 T, 0.8 T, 0.7 T, 0.5 F, 0.4 F → 0.7; everything: + 0.6 T → 0.6
    assert by_key[("*", "returns")].threshold == 0.7 and by_key[("*", "returns")].source == "own"
    assert by_key[("*", "*")].threshold == 0.6
    assert by_key[("en", "returns")].source == "own" and by_key[("en", "returns")].threshold == 0.7
    assert by_key[("de", "returns")].source == "category" and by_key[("de", "returns")].threshold == 0.7
    assert by_key[("de", "returns")].accepted == 1 and by_key[("de", "returns")].coverage == 0.5
    assert by_key[("en", "orders")].source == "global" and by_key[("en", "orders")].threshold == 0.6
    assert by_key[("*", "orders")].source == "global"
    assert plan.writes == {("*", "*"): 0.6, ("*", "returns"): 0.7, ("en", "returns"): 0.7}
    assert by_key[("en", "orders")].previous == DEFAULT_THRESHOLD


def test_stale_specific_rows_are_overwritten_with_the_fallback() -> None:
    observations = (_obs("de", "returns", [(0.9, True)]) + _obs("en", "returns", [(0.8, True), (0.7, True)])
                    + _obs("de", "orders", [(0.65, True)]))
    current = {("de", "returns"): 0.3, ("de", "*"): 0.2, ("*", "*"): 0.75}
    plan = calibrate(observations, target_precision=1.0, min_examples=3, min_accepted=1, current=current)
    by_key = {(c.locale, c.category): c for c in plan.cells}
    assert by_key[("de", "returns")].previous == 0.3 and by_key[("de", "orders")].previous == 0.2
    assert by_key[("de", "returns")].source == "category" and by_key[("de", "orders")].source == "global"
    # the stale de × returns row and the de × * row would otherwise win over the category and global rows
    assert plan.writes == {("*", "*"): 0.65, ("*", "returns"): 0.7, ("de", "returns"): 0.7, ("de", "orders"): 0.65}
    assert plan.changed(current) == plan.writes
    assert plan.changed({**current, **plan.writes, ("*", "*"): 0.5}) == {("*", "*"): 0.65}


def test_too_few_examples_anywhere_changes_nothing() -> None:
    plan = calibrate(_obs("en", "orders", POINTS), target_precision=0.9, min_examples=100,
                     current={("*", "*"): 0.75})
    assert plan.writes == {}
    assert {c.source for c in plan.cells} == {"unchanged"}
    assert all(c.threshold == c.previous == 0.75 for c in plan.cells)


def test_an_unreachable_target_writes_never() -> None:
    plan = calibrate(_obs("en", "orders", [(0.9, False), (0.8, True), (0.7, False)]), target_precision=0.98,
                     min_examples=1, min_accepted=1)
    assert set(plan.writes.values()) == {NEVER}
    assert all(not c.reachable and c.accepted == 0 for c in plan.cells)
    assert plan.to_json()["rule"] == "plain precision with a minimum accepted count"
