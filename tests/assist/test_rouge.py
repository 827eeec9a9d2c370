"""ROUGE-1/2/L against values computed by hand."""

from __future__ import annotations

import pytest

from deskpilot.assist.rouge import lcs_length, rouge_scores, rouge_tokens


def test_tokens_follow_rouge_score_default() -> None:
    assert rouge_tokens("@AppleSupport It's BROKEN, see https://t.co/x1!") == [
        "applesupport", "it", "s", "broken", "see", "https", "t", "co", "x1"]
    assert rouge_tokens("Café déjà-vu") == ["caf", "d", "j", "vu"]  # only a-z and 0-9 survive, as in rouge-score


def test_single_reference_by_hand() -> None:
    # candidate: the cat sat on the mat (6 tokens); reference: the cat lay on the mat (6 tokens)
    # ROUGE-1: common unigrams the×2, cat, on, mat = 5 → P = R = 5/6 → F = 5/6
    # ROUGE-2: candidate bigrams the-cat, cat-sat, sat-on, on-the, the-mat; common the-cat, on-the, the-mat = 3
    #          → P = R = 3/5 → F = 0.6
    # ROUGE-L: LCS "the cat on the mat" = 5 → P = R = 5/6 → F = 5/6
    scores = rouge_scores("the cat sat on the mat", ["the cat lay on the mat"])
    assert scores == {"rouge1": pytest.approx(5 / 6), "rouge2": pytest.approx(0.6), "rougeL": pytest.approx(5 / 6)}


def test_unequal_lengths_by_hand() -> None:
    # candidate: police killed the gunman (4); reference: the gunman was shot by police (6)
    # ROUGE-1: common police, the, gunman = 3 → P 3/4, R 3/6 → F = 2·0.75·0.5 / 1.25 = 0.6
    # ROUGE-2: common bigram the-gunman = 1 → P 1/3, R 1/5 → F = 2·(1/15) / (8/15) = 0.25
    # ROUGE-L: LCS "the gunman" = 2 (police comes first in one, last in the other) → P 2/4, R 2/6 → F = 0.4
    scores = rouge_scores("police killed the gunman", ["the gunman was shot by police"])
    assert scores["rouge1"] == pytest.approx(0.6)
    assert scores["rouge2"] == pytest.approx(0.25)
    assert scores["rougeL"] == pytest.approx(0.4)


def test_clipped_counts() -> None:
    # candidate "the the the" vs reference "the cat": overlap clipped to 1 → P 1/3, R 1/2 → F = 0.4
    assert rouge_scores("the the the", ["the cat"])["rouge1"] == pytest.approx(0.4)


def test_best_reference_per_metric() -> None:
    candidate = "the cat sat on the mat"
    # the same six words scrambled: R1 = 1; its bigrams mat-the, the-on, on-sat, sat-cat, cat-the are not in
    # the candidate → R2 = 0
    unigram_friend = "mat the on sat cat the"
    bigram_friend = "the cat sat on a rug"  # bigrams the-cat, cat-sat, sat-on common = 3 of 5 → R2 = 0.6
    alone = {ref: rouge_scores(candidate, [ref]) for ref in (unigram_friend, bigram_friend)}
    both = rouge_scores(candidate, [unigram_friend, bigram_friend])
    assert alone[unigram_friend]["rouge1"] == pytest.approx(1.0)
    assert alone[unigram_friend]["rouge2"] == 0.0
    assert alone[bigram_friend]["rouge2"] == pytest.approx(0.6)
    assert both == {metric: max(alone[unigram_friend][metric], alone[bigram_friend][metric]) for metric in both}
    assert both["rouge1"] == pytest.approx(1.0) and both["rouge2"] == pytest.approx(0.6)


def test_lcs_length() -> None:
    # the textbook example: ABCBDAB and BDCABA share "BCBA"
    assert lcs_length(list("abcbdab"), list("bdcaba")) == 4
    assert lcs_length([], ["a"]) == 0


def test_empty_inputs_score_zero() -> None:
    zero = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    assert rouge_scores("", ["the cat"]) == zero
    assert rouge_scores("the cat", [""]) == zero
    assert rouge_scores("the cat", []) == zero
    assert rouge_scores("!!!", ["???"]) == zero
    assert rouge_scores("cat", ["cat"]) == {"rouge1": 1.0, "rouge2": 0.0, "rougeL": 1.0}  # no bigram in either
