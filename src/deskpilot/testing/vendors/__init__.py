"""Local servers speaking help-desk vendors' documented wire formats, for connector tests."""
