"""The massid benchmark suite (``python -m bench``) and standalone sizing scripts."""
