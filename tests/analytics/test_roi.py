"""The ROI model: the reference figures exactly, the re-contact sensitivity, bad inputs, and the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from deskpilot.analytics.roi import WARNING_SCENARIOS, RoiInputs, roi, sensitivity
from deskpilot.cli import app
from deskpilot.config import get_settings

REFERENCE = RoiInputs(contacts_month=120_000, aht_minutes=5, hourly_rate=18, deflection=0.35, ai_cost_month=8_000)


@pytest.mark.parametrize(("ai_cost", "net_month", "net_year"), [(8_000, 55_000, 660_000), (14_000, 49_000, 588_000)])
def test_reference_case(ai_cost: float, net_month: float, net_year: float) -> None:
    r = roi(RoiInputs(**{**REFERENCE.__dict__, "ai_cost_month": ai_cost}))
    assert r.baseline_human_cost_month == pytest.approx(180_000)
    assert r.human_cost_month == pytest.approx(117_000)
    assert r.gross_saving_month == pytest.approx(63_000)
    assert r.net_saving_month == pytest.approx(net_month)
    assert r.net_saving_year == pytest.approx(net_year)
    assert r.honest_deflection == pytest.approx(0.35)


def test_ai_cost_from_a_rate_per_thousand_and_a_platform_fee() -> None:
    r = roi(RoiInputs(contacts_month=120_000, aht_minutes=5, hourly_rate=18, deflection=0.35, ai_cost_per_1k=50,
                      platform_cost_month=2_000))
    assert r.ai_cost_month == pytest.approx(8_000) and r.net_saving_month == pytest.approx(55_000)


def test_recontacts_eat_the_saving() -> None:
    base, high_recontact, low_deflection = sensitivity(REFERENCE, WARNING_SCENARIOS)
    assert high_recontact.honest_deflection == pytest.approx(0.315)
    assert high_recontact.gross_saving_month == pytest.approx(180_000 * 0.315)
    assert low_deflection.honest_deflection == pytest.approx(0.245)
    assert base.net_saving_month > high_recontact.net_saving_month > low_deflection.net_saving_month
    assert high_recontact.seats_after > base.seats_after


@pytest.mark.parametrize("bad", [{"deflection": 1.2}, {"recontact": -0.1}, {"contacts_month": -1},
                                 {"hours_per_seat": 0}])
def test_impossible_inputs_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RoiInputs(**{**REFERENCE.__dict__, **bad})


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.stdout


def test_cli_prints_the_reference_figures() -> None:
    code, out = _run("roi", "--contacts", "120000", "--aht", "5", "--hourly-rate", "18", "--deflection", "0.35",
                     "--recontact", "0", "--ai-cost", "8000", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["human_cost_month"], data["gross_saving_month"], data["net_saving_month"],
            data["net_saving_year"], data["honest_deflection"]) == (117000.0, 63000.0, 55000.0, 660000.0, 0.35)
    assert [(s["inputs"]["deflection"], s["inputs"]["recontact"]) for s in data["sensitivity"]] == WARNING_SCENARIOS
    code, out = _run("roi", "--contacts", "120000", "--aht", "5", "--deflection", "0.35", "--ai-cost", "14000")
    assert code == 0 and "€117,000.00" in out and "€49,000.00" in out and "€588,000.00" in out


def test_cli_asks_for_what_it_cannot_measure() -> None:
    code, _ = _run("roi", "--contacts", "1000")
    assert code != 0
