"""``python -m leakcheck`` runs the command line."""

from leakcheck.cli import main

main()
