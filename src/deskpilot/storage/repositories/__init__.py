"""Repositories: data access returning domain objects; they never commit."""
