"""The ROI model: what automating a share of contacts saves once re-contacts are counted (pure, no I/O).

Every contact handled by a person costs ``AHT × loaded hourly rate``. Automation removes the *honest* share of
them — deflection × (1 − re-contact rate), because a customer who comes back within the window lands with a
person after all — and costs the AI + platform bill. With 120,000 contacts a month, 5 minutes AHT, €18/h and
35 % deflection without re-contacts: €180,000 of handling today, €117,000 left with people, €63,000 gross and
€49,000–55,000 net saving a month for an €8,000–14,000 AI bill, €588,000–660,000 a year.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

MONTHS_PER_YEAR = 12
HOURS_PER_SEAT_MONTH = 120.0  # productive handling hours of one full-time seat in a month (after shrinkage)


@dataclass(frozen=True)
class RoiInputs:
    """The model's inputs; AI cost is either one monthly figure or per 1,000 contacts plus a platform fee."""

    contacts_month: float
    aht_minutes: float
    hourly_rate: float
    deflection: float
    recontact: float = 0.0
    ai_cost_month: float | None = None
    ai_cost_per_1k: float = 0.0
    platform_cost_month: float = 0.0
    seats: float | None = None  # today's seats; else derived from the handling hours
    hours_per_seat: float = HOURS_PER_SEAT_MONTH

    def __post_init__(self) -> None:
        for name in ("contacts_month", "aht_minutes", "hourly_rate", "ai_cost_per_1k", "platform_cost_month",
                     "hours_per_seat"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        for name in ("deflection", "recontact"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} is a share between 0 and 1, got {getattr(self, name)}")
        if self.ai_cost_month is not None and self.ai_cost_month < 0:
            raise ValueError("ai_cost_month must not be negative")
        if self.hours_per_seat == 0:
            raise ValueError("hours_per_seat must be positive")


@dataclass(frozen=True)
class RoiResult:
    """Monthly and yearly figures in euros, and seats."""

    inputs: RoiInputs
    honest_deflection: float
    deflected_contacts_month: float
    baseline_human_cost_month: float
    human_cost_month: float
    gross_saving_month: float
    ai_cost_month: float
    net_saving_month: float
    net_saving_year: float
    seats_before: float
    seats_after: float
    return_on_ai_cost: float | None  # net saving per euro of AI cost

    def to_json(self) -> dict[str, object]:
        """JSON-ready result (money rounded to cents, shares to 4 decimals)."""
        data = {k: v for k, v in asdict(self).items() if k != "inputs"}
        rounded = {k: (round(v, 4) if k in ("honest_deflection", "return_on_ai_cost") else round(v, 2))
                   if isinstance(v, float) else v for k, v in data.items()}
        return {"inputs": asdict(self.inputs), **rounded}


def roi(inputs: RoiInputs) -> RoiResult:
    """Apply the model to one set of inputs."""
    hours_per_contact = inputs.aht_minutes / 60.0
    baseline = inputs.contacts_month * hours_per_contact * inputs.hourly_rate
    honest = inputs.deflection * (1.0 - inputs.recontact)
    deflected = inputs.contacts_month * honest
    human_cost = (inputs.contacts_month - deflected) * hours_per_contact * inputs.hourly_rate
    gross = baseline - human_cost
    ai_cost = inputs.ai_cost_month if inputs.ai_cost_month is not None else (
        inputs.contacts_month / 1000.0 * inputs.ai_cost_per_1k + inputs.platform_cost_month)
    net = gross - ai_cost
    seats_before = inputs.seats if inputs.seats is not None else (
        inputs.contacts_month * hours_per_contact / inputs.hours_per_seat)
    return RoiResult(inputs, honest, deflected, baseline, human_cost, gross, ai_cost, net, net * MONTHS_PER_YEAR,
                     seats_before, seats_before * (1.0 - honest), net / ai_cost if ai_cost else None)


def sensitivity(base: RoiInputs, scenarios: list[tuple[float, float]]) -> list[RoiResult]:
    """The same inputs under other (deflection, re-contact) pairs."""
    return [roi(RoiInputs(**{**asdict(base), "deflection": d, "recontact": r})) for d, r in scenarios]


# The comparison the re-contact warning is about: a higher headline deflection with many customers coming back
# against a lower one that sticks.
WARNING_SCENARIOS: list[tuple[float, float]] = [(0.35, 0.0), (0.35, 0.10), (0.25, 0.02)]
