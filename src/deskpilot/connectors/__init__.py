"""Connectors: vendor payloads in, replies and actions out."""
