"""`python -m deskpilot` runs the command line."""

from deskpilot.cli import main

main()
