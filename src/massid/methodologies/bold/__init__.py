"""The BOLD rule families (Recycling and Carbon share every MassID rule but one)."""
