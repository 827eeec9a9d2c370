"""Agent assist: thread summaries, similar resolved cases and reply suggestions for the people who answer."""
