"""deskpilot: grounded, auditable customer-support automation."""

__version__ = "0.1.0"
