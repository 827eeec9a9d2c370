"""ROUGE-1, ROUGE-2 and ROUGE-L F-measures of a candidate summary against one or more references.

Tokenisation follows the default of the `rouge-score` package: lowercase, every character other than a-z and 0-9
becomes a space, split on whitespace. Tokens are not stemmed (the package's optional Porter stemmer is not
reproduced), so "charged" and "charge" are different words here. With several references a candidate gets, per
metric, the best F-measure over the references (the usual convention for TweetSumm's three summaries per dialogue).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

METRICS = ("rouge1", "rouge2", "rougeL")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def rouge_tokens(text: str) -> list[str]:
    """Lowercased a-z0-9 tokens, as `rouge-score` tokenises without stemming."""
    return _NON_ALNUM.sub(" ", text.lower()).split()


def _f_measure(overlap: int, candidate_size: int, reference_size: int) -> float:
    if not overlap:
        return 0.0
    precision, recall = overlap / candidate_size, overlap / reference_size
    return 2 * precision * recall / (precision + recall)


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def ngram_f1(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    """ROUGE-N F-measure: clipped n-gram overlap between two token lists."""
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    overlap = sum((cand & ref).values())
    return _f_measure(overlap, sum(cand.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token lists."""
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for token in a:
        current = [0]
        for j, other in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if token == other else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def lcs_f1(candidate: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-L F-measure: longest common subsequence over the two lengths."""
    return _f_measure(lcs_length(candidate, reference), len(candidate), len(reference))


def rouge_scores(candidate: str, references: Sequence[str]) -> dict[str, float]:
    """rouge1, rouge2 and rougeL F-measures, each the best over the references (all 0.0 without references)."""
    tokens = rouge_tokens(candidate)
    best = dict.fromkeys(METRICS, 0.0)
    for reference in references:
        ref = rouge_tokens(reference)
        scores = {"rouge1": ngram_f1(tokens, ref, 1), "rouge2": ngram_f1(tokens, ref, 2), "rougeL": lcs_f1(tokens, ref)}
        best = {metric: max(best[metric], scores[metric]) for metric in METRICS}
    return best
