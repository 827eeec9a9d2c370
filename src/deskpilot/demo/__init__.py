"""The demo workspace: Lumio Market, a fictional European online retailer."""
