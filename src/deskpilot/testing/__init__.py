"""Test support shipped with the package: contract-test mixins, scratch databases, test job handlers."""
