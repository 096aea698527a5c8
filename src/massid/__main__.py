"""``python -m massid`` runs the CLI."""

from massid.cli.main import main

main()
