"""massid: a self-hostable, Carrot-compatible MassID traceability server."""

__version__ = "0.1.0"
