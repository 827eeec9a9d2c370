"""Persistence: engine factory, tables, unit of work, repositories, migrations."""
