"""`deskpilot metrics` and `deskpilot roi`: the weekly figures and what they are worth."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import typer

from deskpilot.analytics.formatting import duration, euro, num, pct
from deskpilot.cli.common import (
    console,
    err_console,
    load_settings,
    moment_option,
    open_database,
    print_json,
    table,
)

if TYPE_CHECKING:
    from deskpilot.analytics.metrics import MetricRow, Metrics
    from deskpilot.analytics.roi import RoiResult

PERIODS = ("day", "week", "month")
GROUPS = ("category", "locale")


def _measure(window: str, until: str | None, period: str | None, by: str | None, rebuild: bool = False) -> Metrics:
    from deskpilot.services.metrics import MetricsService, parse_window

    try:
        span = parse_window(window)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--window") from exc
    if period is not None and period not in PERIODS:
        raise typer.BadParameter(f"{period!r}: choose one of {', '.join(PERIODS)}", param_hint="--period")
    if by is not None and by not in GROUPS:
        raise typer.BadParameter(f"{by!r}: choose one of {', '.join(GROUPS)}", param_hint="--by")
    end = moment_option(until, "--until", through=True)
    service = MetricsService(open_database(), load_settings())
    if rebuild:
        done = service.refresh(full=True)
        err_console.print(f"Rebuilt {done.rebuilt:,} conversation facts in {done.seconds:.1f} s.")
    return service.window(span, until=end, period=period, by=by)  # type: ignore[arg-type]


HEADLINE = ["", "inbound", "deflection", "AI re-contact", "honest defl.", "human re-contact", "CSAT AI",
            "CSAT human (matched)", "1st reply p50", "p90", "AHT assisted", "unassisted", "cost/resolved"]


def _headline(label: str, r: MetricRow) -> tuple[object, ...]:
    return (label, r.inbound, pct(r.deflection), pct(r.ai_recontact_rate), pct(r.honest_deflection),
            pct(r.human_recontact_rate), num(r.csat_ai), num(r.csat_human_matched), duration(r.frt_median_s),
            duration(r.frt_p90_s), duration(r.aht_assisted_s), duration(r.aht_unassisted_s),
            euro(r.cost_per_resolved))


def metrics(window: str = typer.Option("7d", help="how far back: 7d, 30d, 12w …"),
            until: str | None = typer.Option(None, help="last day of the window (default: now)"),
            period: str | None = typer.Option(None, help="trend per day, week or month"),
            by: str | None = typer.Option(None, help="split by category or locale"),
            rebuild: bool = typer.Option(False, "--rebuild", help="rebuild every conversation fact first (each read "
                                         "otherwise brings only what changed up to date)"),
            json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Deflection with its 7-day re-contact and honest deflection, CSAT matched on intent, first-response time,
    handling time, cost per resolved contact, knowledge freshness and reviewer feedback."""
    m = _measure(window, until, period, by, rebuild)
    if json_out:
        print_json(m.to_json())
        return
    if not m.totals:
        err_console.print(f"[yellow]No inbound conversation between {m.start:%Y-%m-%d %H:%M} and "
                          f"{m.end:%Y-%m-%d %H:%M}.[/yellow]")
        raise typer.Exit(1)
    console.print(table(f"{m.start:%Y-%m-%d} – {m.end:%Y-%m-%d}" + (f" by {by}" if by else ""), HEADLINE,
                        [_headline(r.group, r) for r in m.totals]))
    if m.trend:
        console.print(table(f"Per {period}", ["period"] + HEADLINE,
                            [(r.period, *_headline(r.group, r)) for r in m.trend]))
    t = m.total()
    console.print(f"honest deflection = deflection × (1 − AI re-contact rate); re-contact: the same person on the "
                  f"same or a related intent within {m.recontact_days} days, or a reopen. {t.recontact_pending} "
                  "resolutions are younger than that and not counted yet.")
    console.print(f"Knowledge freshness: {pct(m.knowledge_freshness)} of {m.articles_published} published articles "
                  f"reviewed in the last {m.freshness_days} days.")
    if m.feedback:
        console.print(table("Reviewer feedback on drafts", ["category", "reviews", "approved unchanged", "edited",
                                                             "rejected", "edit distance"],
                            [(f.category, f.total, pct(f.approve_rate), pct(f.edit_rate), pct(f.reject_rate),
                              num(f.mean_edit_distance)) for f in m.feedback]))
    if m.suggestions:
        console.print(table("Agents' use of reply suggestions", ["category", "offered", "used", "sent unchanged",
                                                                  "edited", "alternative chosen", "edit distance"],
                            [(r.category, r.offered, pct(r.acceptance_rate), r.unchanged, pct(r.edit_rate),
                              r.alternative, num(r.mean_edit_distance)) for r in m.suggestions]))
    if m.recontact_by_resolver:
        console.print(table("Re-contacts attributed to the original resolver",
                            ["resolved by", "resolved (window closed)", "re-contacted", "rate", "pending"],
                            [(r["resolved_by"], r["solved_mature"], r["recontacted"], pct(r["recontact_rate"]),
                              r["pending"]) for r in m.recontact_by_resolver]))


ROI_COLUMNS = ["deflection", "re-contact", "honest defl.", "human cost / month", "gross saving / month",
               "AI cost / month", "net saving / month", "net saving / year", "seats before → after"]


def _roi_row(r: RoiResult) -> tuple[object, ...]:
    return (pct(r.inputs.deflection), pct(r.inputs.recontact), pct(r.honest_deflection),
            euro(r.human_cost_month), euro(r.gross_saving_month), euro(r.ai_cost_month),
            euro(r.net_saving_month), euro(r.net_saving_year), f"{r.seats_before:.1f} → {r.seats_after:.1f}")


def roi(contacts: float | None = typer.Option(None, min=0, help="contacts per month"),
        aht: float | None = typer.Option(None, min=0, help="average handling time, minutes"),
        hourly_rate: float | None = typer.Option(None, min=0, help="loaded cost of an agent hour, euros "
                                                 "(default: the deployment's setting)"),
        deflection: float | None = typer.Option(None, min=0, max=1, help="share of contacts answered by AI"),
        recontact: float | None = typer.Option(None, min=0, max=1, help="share of AI answers that come back "
                                               "within 7 days"),
        ai_cost: float | None = typer.Option(None, min=0, help="monthly AI + platform cost, euros"),
        ai_cost_per_1k: float = typer.Option(0.0, min=0, help="AI cost per 1,000 contacts (without --ai-cost)"),
        platform_cost: float = typer.Option(0.0, min=0, help="platform fee per month (without --ai-cost)"),
        seats: float | None = typer.Option(None, min=0, help="today's seats (default: from handling hours)"),
        measured: bool = typer.Option(False, "--measured", help="take deflection, re-contact, AHT and volume from "
                                      "the measured metrics; explicit options still win"),
        window: str = typer.Option("30d", help="with --measured: the window measured"),
        until: str | None = typer.Option(None, help="with --measured: last day of the window (default: now)"),
        json_out: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """Monthly and yearly saving of automation once re-contacts are counted, with the sensitivity to them."""
    from deskpilot.analytics.roi import WARNING_SCENARIOS, RoiInputs, sensitivity
    from deskpilot.analytics.roi import roi as model

    settings = load_settings()
    source: dict[str, object] = {}
    if measured:
        from deskpilot.analytics.dashboard import measured_roi_inputs

        m = _measure(window, until, None, None)
        base = measured_roi_inputs(m, settings)
        if base is None:
            err_console.print("[yellow]Nothing measured in that window: run without --measured.[/yellow]")
            raise typer.Exit(1)
        source = {"window": window, "start": m.start.isoformat(), "end": m.end.isoformat(),
                  **{k: round(getattr(base, k), 4) for k in ("contacts_month", "deflection", "recontact",
                                                             "aht_minutes", "ai_cost_month")}}
        contacts = contacts if contacts is not None else base.contacts_month
        deflection = deflection if deflection is not None else base.deflection
        recontact = recontact if recontact is not None else base.recontact
        aht = aht if aht is not None else base.aht_minutes
        if ai_cost is None and not ai_cost_per_1k and not platform_cost:
            ai_cost = base.ai_cost_month
    missing = [name for name, value in (("--contacts", contacts), ("--aht", aht), ("--deflection", deflection))
               if value is None]
    if missing:
        raise typer.BadParameter(f"give {', '.join(missing)} (or --measured with enough history)")
    try:
        inputs = RoiInputs(contacts_month=float(contacts), aht_minutes=float(aht),  # type: ignore[arg-type]
                           hourly_rate=settings.hourly_rate if hourly_rate is None else hourly_rate,
                           deflection=float(deflection), recontact=recontact or 0.0,  # type: ignore[arg-type]
                           ai_cost_month=ai_cost, ai_cost_per_1k=ai_cost_per_1k, platform_cost_month=platform_cost,
                           seats=seats)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    result = model(inputs)
    scenarios = sensitivity(replace(inputs), WARNING_SCENARIOS)
    if json_out:
        print_json({**result.to_json(), "measured": source or None,
                    "sensitivity": [s.to_json() for s in scenarios]})
        return
    console.print(table(f"ROI: {inputs.contacts_month:,.0f} contacts a month, {inputs.aht_minutes:.1f} min AHT, "
                        f"€{inputs.hourly_rate:.2f}/h" + (" (measured)" if measured else ""), ROI_COLUMNS,
                        [_roi_row(result)]))
    console.print(f"Handling everything by hand costs {euro(result.baseline_human_cost_month)} a month; honest "
                  "deflection = deflection × (1 − re-contact): a customer who comes back lands with a person.")
    console.print(table("Sensitivity to re-contacts (same volume, AHT, rate and AI cost)", ROI_COLUMNS,
                        [_roi_row(s) for s in scenarios]))
