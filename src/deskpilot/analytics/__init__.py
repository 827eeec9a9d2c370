"""Batch analytics over the repositories: summaries, metrics, QA, upkeep."""
