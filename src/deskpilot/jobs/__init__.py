"""Background jobs: handler registry and the worker loop."""
