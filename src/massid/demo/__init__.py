"""Demo data for a running massid: the canonical payloads and the ``massid demo`` set."""
