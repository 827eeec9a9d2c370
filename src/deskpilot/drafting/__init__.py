"""Drafting: the extractive composer, locale templates and the verifier."""
