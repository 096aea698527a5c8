"""Pure domain model: documents, events, timeline rules, masking. No I/O, no frameworks."""
