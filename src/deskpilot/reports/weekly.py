"""The weekly report: the dashboard as one self-contained HTML document (inline CSS and SVG, no external
reference), and a PDF of it printed by a headless Chromium when one is on the PATH.

The same dashboard body is rendered into the console's `/dashboard` page.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.runtime import Context
from markupsafe import Markup

from deskpilot.analytics.charts import Series, line_chart, stacked_bar_chart
from deskpilot.analytics.dashboard import Dashboard
from deskpilot.analytics.formatting import duration, euro, num, pct
from deskpilot.console.i18n import SOURCE_LANGUAGE, translate
from deskpilot.console.i18n import install as install_translations

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PDF_TIMEOUT_SECONDS = 90.0
Kind = Literal["percent", "number", "euro", "seconds"]

# --- formatting -----------------------------------------------------------------------------------------------------


def signed(delta: float, kind: Kind) -> str:
    """A week-on-week change: percentage points, euros, seconds or a plain number, always with its sign."""
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    size = abs(delta)
    if kind == "percent":
        return f"{sign}{100 * size:.1f} pp"
    if kind == "euro":
        return f"{sign}€{size:,.2f}"
    if kind == "seconds":
        return f"{sign}{duration(size)}"
    return f"{sign}{size:.2f}"


def tone(delta: float, higher_is_better: bool) -> str:
    """CSS class of a change: good, bad or flat."""
    if abs(delta) < 1e-9:
        return "flat"
    return "good" if (delta > 0) == higher_is_better else "bad"


# --- charts ---------------------------------------------------------------------------------------------------------

# Every text the charts show, translated from Python rather than marked in a template: catalogs cover these too.
CHART_TEXTS: tuple[str, ...] = (
    "Deflection and 7-day re-contact", "Deflection", "AI re-contact (%(days)s days)", "Honest deflection", "share",
    "CSAT AI vs human, matched on intent", "CSAT AI", "CSAT human (matched on intent)", "mean score, 1–5",
    "Knowledge freshness", "Reviewed in the last %(days)s days", "share of published articles",
    "No published article",
    "Agent feedback on suggestions", "Approved unchanged", "Edited", "Rejected", "share of reviewed drafts",
    "No reviewed draft in these weeks", "%(num)s review, mean edit distance %(distance)s",
    "%(num)s reviews, mean edit distance %(distance)s",
    "Cost per resolved contact", "euros",
    "First-response time", "Median", "90th percentile", "minutes",
    "ISO week", "No data for these weeks",
)


def chart_text(language: str, message: str, **values: object) -> str:
    """A chart text of ``CHART_TEXTS`` in ``language``, with its ``%(name)s`` placeholders filled in."""
    if message not in CHART_TEXTS:
        raise KeyError(f"{message!r} is not in CHART_TEXTS, so no catalog translates it")
    translated = translate(language, message)
    return translated % values if values else translated


def dashboard_charts(board: Dashboard, language: str = SOURCE_LANGUAGE) -> dict[str, Markup]:
    """The trend charts of the dashboard as inline SVG, by name, with their texts in ``language``."""

    def t(message: str, **values: object) -> str:
        return chart_text(language, message, **values)

    weeks = board.weeks
    labels = [w.short_label for w in weeks]
    tips = [f"{w.label} ({w.start:%d %b} – {w.last_day:%d %b})" for w in weeks]
    common: dict[str, Any] = {"tooltip_labels": tips, "x_label": t("ISO week")}
    minutes = [[None if v is None else v / 60 for v in (w.frt_median_s for w in weeks)],
               [None if v is None else v / 60 for v in (w.frt_p90_s for w in weeks)]]
    feedback_notes = [t("%(num)s review, mean edit distance %(distance)s" if w.reviews == 1
                        else "%(num)s reviews, mean edit distance %(distance)s",
                        num=w.reviews, distance=num(w.mean_edit_distance)) if w.reviews else None for w in weeks]
    no_data = t("No data for these weeks")
    charts = {
        "deflection": line_chart(
            t("Deflection and 7-day re-contact"), labels,
            [Series(t("Deflection"), [w.deflection for w in weeks]),
             Series(t("AI re-contact (%(days)s days)", days=board.recontact_days),
                    [w.ai_recontact_rate for w in weeks]),
             Series(t("Honest deflection"), [w.honest_deflection for w in weeks])],
            unit="percent", y_label=t("share"), y_min=0.0, empty=no_data, **common),
        "csat": line_chart(
            t("CSAT AI vs human, matched on intent"), labels,
            [Series(t("CSAT AI"), [w.csat_ai for w in weeks]),
             Series(t("CSAT human (matched on intent)"), [w.csat_human_matched for w in weeks])],
            unit="number", y_label=t("mean score, 1–5"), y_min=1.0, y_max=5.0, empty=no_data, **common),
        "freshness": line_chart(
            t("Knowledge freshness"), labels,
            [Series(t("Reviewed in the last %(days)s days", days=board.freshness_days),
                    [w.knowledge_freshness for w in weeks])],
            unit="percent", y_label=t("share of published articles"), y_min=0.0, y_max=1.0,
            empty=t("No published article"), **common),
        "feedback": stacked_bar_chart(
            t("Agent feedback on suggestions"), labels,
            [Series(t("Approved unchanged"), [w.approve_rate for w in weeks]),
             Series(t("Edited"), [w.edit_rate for w in weeks]),
             Series(t("Rejected"), [w.reject_rate for w in weeks])],
            unit="percent", y_label=t("share of reviewed drafts"), y_max=1.0, notes=feedback_notes,
            empty=t("No reviewed draft in these weeks"), **common),
        "cost": line_chart(
            t("Cost per resolved contact"), labels,
            [Series(t("Cost per resolved contact"), [w.cost_per_resolved for w in weeks])],
            unit="euro", y_label=t("euros"), y_min=0.0, empty=no_data, **common),
        "frt": line_chart(
            t("First-response time"), labels,
            [Series(t("Median"), minutes[0]), Series(t("90th percentile"), minutes[1])],
            unit="number", y_label=t("minutes"), y_min=0.0, decimals=1, empty=no_data, **common),
    }
    return {name: Markup(svg) for name, svg in charts.items()}  # every text inside the SVG is already escaped


# --- rendering ------------------------------------------------------------------------------------------------------


def templates_root() -> Path:
    """The folder of the report templates."""
    return Path(str(resources.files("deskpilot.reports").joinpath("templates")))


def _render_language(context: Context) -> str:
    language = context.get("language")
    return language if isinstance(language, str) else SOURCE_LANGUAGE


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The report templates (autoescaped, strict about undefined names), translating into the render's ``language``."""
    env = Environment(loader=PackageLoader("deskpilot.reports", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    install_translations(env, language_of=_render_language)
    env.filters.update(pct=pct, euro=euro, num=num, duration=duration)
    env.globals.update(signed=signed, tone=tone)
    return env


def render_dashboard_body(board: Dashboard, language: str = SOURCE_LANGUAGE) -> Markup:
    """The dashboard's content in ``language`` as an HTML fragment, shared by the console page and the report."""
    html = environment().get_template("_dashboard.html").render(
        board=board, charts=dashboard_charts(board, language), language=language)
    return Markup(html)  # rendered by an autoescaping environment


def stylesheet() -> str:
    """The console's stylesheet, inlined into the report."""
    return resources.files("deskpilot.console").joinpath("static", "console.css").read_text(encoding="utf-8")


def render_weekly_html(board: Dashboard, language: str = SOURCE_LANGUAGE) -> str:
    """The weekly report in ``language`` as one self-contained HTML document."""
    return environment().get_template("weekly.html").render(board=board, body=render_dashboard_body(board, language),
                                                            css=Markup(stylesheet()), language=language)


# --- files ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFiles:
    """What was written: the HTML file, the PDF when one was printed, and why not otherwise."""

    html: Path
    pdf: Path | None = None
    pdf_note: str | None = None

    @property
    def written(self) -> list[Path]:
        """The files written, HTML first."""
        return [self.html] + ([self.pdf] if self.pdf else [])

    def to_json(self) -> dict[str, Any]:
        """JSON-ready paths."""
        return {"html": str(self.html), "pdf": str(self.pdf) if self.pdf else None, "pdf_note": self.pdf_note}


def find_browser() -> str | None:
    """The path of a headless-capable Chromium on the PATH, if any."""
    for name in BROWSERS:
        if (found := shutil.which(name)) is not None:
            return found
    return None


def print_pdf(html: Path, pdf: Path, browser: str, *, timeout: float = PDF_TIMEOUT_SECONDS) -> str | None:
    """Print an HTML file to PDF with a headless browser; None on success, else what went wrong."""
    with tempfile.TemporaryDirectory(prefix="deskpilot-pdf-") as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={profile}", f"--print-to-pdf={pdf.resolve()}", html.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return f"{Path(browser).name} did not finish within {timeout:.0f} s"
        except OSError as exc:
            return f"{Path(browser).name} could not be started: {exc}"
    if done.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"{Path(browser).name} exited with code {done.returncode}: {detail[0][:300]}"
    return None


def write_weekly_report(board: Dashboard, out: Path, *, pdf: bool = True, browser: str | None = None,
                        timeout: float = PDF_TIMEOUT_SECONDS, language: str = SOURCE_LANGUAGE) -> ReportFiles:
    """Write the HTML report in ``language`` to `out` and, when asked and possible, the PDF beside it (same name)."""
    if out.suffix.lower() == ".pdf":
        raise ValueError(f"{out} is where the HTML goes; the PDF is written beside it")
    out.write_text(render_weekly_html(board, language), encoding="utf-8")
    if not pdf:
        return ReportFiles(out)
    browser = browser or find_browser()
    if browser is None:
        return ReportFiles(out, pdf_note=f"no PDF: none of {', '.join(BROWSERS)} is on the PATH")
    target = out.with_suffix(".pdf")
    target.unlink(missing_ok=True)
    problem = print_pdf(out, target, browser, timeout=timeout)
    if problem is not None:
        return ReportFiles(out, pdf_note=f"no PDF: {problem}")
    return ReportFiles(out, pdf=target)
