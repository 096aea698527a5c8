"""Document kinds the server treats specially: what it writes itself, and what is sold.

Audits and certificates (RecycledID, GasID) are written by the server only; credit orders
only by accreditor clients. The strings are those of the BOLD model (methodology-reference
§2.2); :mod:`massid.methodologies.bold.vocabulary` re-exports them.
"""

from __future__ import annotations

METHODOLOGY = "Methodology"
MASS_ID_AUDIT = "MassID Audit"
RECYCLED_ID = "RecycledID"
GAS_ID = "GasID"
CREDIT_ORDER = "Credit Order"
CERTIFICATE_TYPES = (RECYCLED_ID, GAS_ID)
SERVER_ONLY_TYPES = (MASS_ID_AUDIT, *CERTIFICATE_TYPES)


def is_certificate(category: str, type_: str | None) -> bool:
    return category == METHODOLOGY and type_ in CERTIFICATE_TYPES


def is_credit_order(category: str, type_: str | None) -> bool:
    return category == METHODOLOGY and type_ == CREDIT_ORDER
