"""Use cases that own the transaction and write the audit trail."""
