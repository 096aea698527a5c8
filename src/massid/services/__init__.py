"""Use cases, each inside one unit of work: documents, events, reads, clients, auth."""
