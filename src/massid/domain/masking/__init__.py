"""Privacy masking: what each audience sees of a document (the rules of privacy.md).

Pure functions over the stored document (the ``GET /documents/{id}`` JSON as a dict). The
public API and the Explorer both build their output from :func:`public_view`; owners and
auditors see the stored data unchanged (:func:`view_for`).
"""

from massid.domain.masking.participants import (
    Decision,
    Occurrences,
    anonymous_id,
    decide,
    decisions,
)
from massid.domain.masking.projection import Audience, public_summary, public_view, view_for
from massid.domain.masking.redaction import hidden_values, redact, redactor
from massid.domain.masking.values import coarsen_address, mask_text, masked_value

__all__ = [
    "Audience",
    "Decision",
    "Occurrences",
    "anonymous_id",
    "coarsen_address",
    "decide",
    "decisions",
    "hidden_values",
    "mask_text",
    "masked_value",
    "public_summary",
    "public_view",
    "redact",
    "redactor",
    "view_for",
]
