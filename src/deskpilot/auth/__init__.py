"""Who may do what: users with roles, password hashing and API tokens."""
