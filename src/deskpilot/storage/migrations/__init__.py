"""Alembic migrations for the deskpilot schema."""
