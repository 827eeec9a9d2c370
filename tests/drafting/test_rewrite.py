"""The LLM rewrite: cited sentences replace the composer's claims only when the verifier keeps them."""

from __future__ import annotations

import pytest

from deskpilot.domain.models import Clause
from deskpilot.drafting.active import ActiveDrafting
from deskpilot.drafting.composer import ComposedDraft, DraftSentence
from deskpilot.drafting.prompts import builtin_prompt
from deskpilot.drafting.provider import ChatProvider, ModelConfig
from deskpilot.drafting.rewrite import parse_reply, rewrite
from deskpilot.drafting.verifier import Verifier
from deskpilot.testing.openai_server import Reply, scripted_chat_server

CLAUSES = ["Items can be returned within 30 days of delivery if they are unused and in their original packaging.",
           "Refunds are paid to the original payment method within 14 days after the return arrives."]
CUSTOMER = "Hi, can I still return the shoes I got last week? Write to <EMAIL_1>."


def _draft() -> ComposedDraft:
    cited = {n: Clause(key=f"en/returns#1.{n}", article_key="en/returns", version=2, position=n, text=text,
                       locale="en", article_title="Returns") for n, text in enumerate(CLAUSES, start=1)}
    sentences = [DraftSentence("Thank you for your message.", "template"),
                 DraftSentence("Your order W1 is delivered.", "fact"),
                 *(DraftSentence(c.text, "claim", [n]) for n, c in cited.items()),
                 DraftSentence("Reply if you need anything else.", "template")]
    return ComposedDraft(locale="en", greeting="Hello Ana,", sentences=sentences, cited=cited,
                         closing=["Kind regards", "", "Written with AI."], model_version="composer-extractive-1",
                         prompt_version="templates-1", fact_values={"order_id": "W1", "status": "delivered"})


def _rewrite(reply: Reply) -> tuple[ComposedDraft, list[dict[str, object]]]:
    with scripted_chat_server([reply]) as server:
        config = ModelConfig(name="local", version=2, kind="openai", base_url=server.base_url, model="m",
                             max_retries=0, price_in_per_1k=1.0)
        drafting = ActiveDrafting(config, builtin_prompt())
        out = rewrite(_draft(), CUSTOMER, drafting, ChatProvider(config, sleep=lambda _: None), Verifier())
    return out, [r.body for r in server.received]


def test_a_cited_supported_rewrite_replaces_the_claims_between_the_composers_own_lines() -> None:
    draft, requests = _rewrite(Reply("You can return unused items in their original packaging within 30 days of "
                                     "delivery [1]. Refunds are paid to the original payment method within 14 days "
                                     "after the return arrives [2]."))
    assert draft.llm is not None and draft.llm["outcome"] == "used" and draft.llm["removed"] == 0
    assert draft.model_version == "local@v2" and draft.prompt_version == builtin_prompt().version
    kinds = [(s.kind, s.citations) for s in draft.sentences]
    assert kinds == [("template", []), ("fact", []), ("claim", [1]), ("claim", [2]), ("template", [])]
    assert draft.sentences[2].text.startswith("You can return unused items")
    assert "[1] Returns — en/returns#1.1@v2" in draft.render()
    assert draft.llm["prompt_tokens"] > 0 and draft.llm["cost"] > 0
    user = requests[0]["messages"][1]["content"]
    assert "<EMAIL_1>" in user and f"[1] {CLAUSES[0]}" in user and f"[2] {CLAUSES[1]}" in user


@pytest.mark.parametrize(("text", "reason"), [
    ("We refund 50 % of the price within 3 days [2]. Returns are free for 90 days [1].", "unsupported_output"),
    ("Sure, just send them back and we will sort it out.", "uncited_output"),
    ("NO_ANSWER", "declined"),
])
def test_a_reply_the_verifier_cannot_stand_behind_falls_back_to_the_composer(text: str, reason: str) -> None:
    draft, _ = _rewrite(Reply(text))
    assert draft.llm is not None and draft.llm["outcome"] == "fallback" and draft.llm["reason"] == reason
    assert draft.model_version == "composer-extractive-1"
    assert [s.text for s in draft.sentences if s.kind == "claim"] == CLAUSES


def test_a_failing_provider_falls_back_and_says_why() -> None:
    draft, requests = _rewrite(Reply(status=503))
    assert draft.llm is not None and (draft.llm["outcome"], draft.llm["reason"]) == ("fallback", "http_error")
    assert draft.llm["attempts"] == 1 and len(requests) == 1
    assert [s.text for s in draft.sentences if s.kind == "claim"] == CLAUSES


def test_parse_reply_keeps_only_numbers_the_draft_cites() -> None:
    claims = parse_reply("Returns take 30 days [1][7]. Thanks! [3]\nRefunds follow. [1, 2]", _draft())
    assert [(c.text, c.citations) for c in claims] == [("Returns take 30 days.", [1]), ("Thanks!", []),
                                                       ("Refunds follow.", [1, 2])]
