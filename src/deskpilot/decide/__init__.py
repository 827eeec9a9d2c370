"""Decide: confidence, the gate (mode, rollout, threshold) and the escalation brief."""
