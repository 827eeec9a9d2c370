"""The intent → article prior: learned from history outside the evaluation slice, applied only when it is clear."""

from __future__ import annotations

from deskpilot.analytics.holdout import is_holdout
from deskpilot.domain.models import Clause
from deskpilot.knowledge.intent_prior import learn_priors, prefer_article
from deskpilot.knowledge.lexical import ScoredClause


def _ids(n: int, *, holdout: bool) -> list[str]:
    out, i = [], 0
    while len(out) < n:
        i += 1
        if is_holdout("demo", f"H-{i}") == holdout:
            out.append(f"H-{i}")
    return out


def test_a_dominant_article_becomes_the_prior_and_the_holdout_never_counts() -> None:
    train = _ids(12, holdout=False)
    rows = [("return_request", "en/returns-policy", "demo", e) for e in train[:8]]
    rows += [("return_request", "de/exchanges", "demo", e) for e in train[8:10]]
    rows += [("order_status", f"en/{slug}", "demo", e) for slug, e in
             zip(["order-tracking", "delivery-problems", "order-tracking", "contact"], train[:4], strict=True)]
    rows += [("refund_status", "en/refunds", "demo", e) for e in _ids(20, holdout=True)]
    priors = learn_priors(rows, min_conversations=5, min_share=0.6)
    assert set(priors) == {"return_request"}  # order_status: too few; refund_status: only held-out rows
    assert priors["return_request"].slug == "returns-policy"
    assert priors["return_request"].share == 0.8 and priors["return_request"].conversations == 10


def _result(key: str, rank: int) -> ScoredClause:
    article = key.split("#")[0]
    clause = Clause(key=key, article_key=article, version=1, position=rank, text=key, locale=article[:2])
    return ScoredClause(clause, 1.0 / rank, rank, dense=0.9 - rank / 100)


def test_the_preferred_article_moves_first_in_its_own_order_and_ranks_are_renumbered() -> None:
    results = [_result("de/contact#1", 1), _result("de/returns-policy#2", 2), _result("de/faq#1", 3),
               _result("de/returns-policy#1", 4)]
    moved = prefer_article(results, "returns-policy")
    assert [r.clause.key for r in moved] == ["de/returns-policy#2", "de/returns-policy#1", "de/contact#1", "de/faq#1"]
    assert [r.rank for r in moved] == [1, 2, 3, 4]
    assert prefer_article(results, "contact") is results  # already first: unchanged
    assert prefer_article(results, "warranty") is results  # not retrieved: nothing invented
