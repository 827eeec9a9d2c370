"""Append-only, hash-chained audit log: typed events and chain verification."""
