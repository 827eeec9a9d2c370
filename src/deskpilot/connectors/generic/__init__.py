"""The generic JSON format for in-house systems (POST /api/conversations)."""
