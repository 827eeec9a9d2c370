"""Interface words that templates translate from data (``_(value)``): states, levels, roles and verdicts, and the
messages the console's Python code shows. Catalogs translate these too."""

from __future__ import annotations

FORM_EXPIRED = "The form expired; please sign in again."
WRONG_CREDENTIALS = "Wrong e-mail or password."

TERMS: tuple[str, ...] = (
    FORM_EXPIRED, WRONG_CREDENTIALS,
    # review verdicts, SLA states, signal levels
    "approve", "edit", "reject", "breached", "due_soon", "ok", "none", "low", "medium", "high",
    # who wrote a message, outbox states, sentiment, policy outcomes
    "customer", "agent", "ai", "system", "pending", "sent", "failed",
    "negative", "neutral", "positive", "eligible", "not_eligible", "needs_human",
)
