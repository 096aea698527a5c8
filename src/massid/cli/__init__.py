"""The ``massid`` command line (typer)."""
