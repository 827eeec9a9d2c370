"""Server-rendered console (Jinja2): overview and conversation pages."""
