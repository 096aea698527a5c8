"""Who may read and write a document: the creating integrator, ACTOR grants, auditors.

Documents the server writes (audits, certificates) take no events or files from clients,
not even from their owner; accreditor clients may read every certificate of their
environment and ``CANCEL`` it. Credit orders are written by accreditor clients only.

Grants are keyed by a participant's natural key (see :mod:`massid.domain.identity`), so an
integrator whose own tax id appears on an ACTOR event with ``permissions`` gains that access.
For one participant the latest ACTOR carrying ``permissions`` wins; an empty list revokes.
WRITE implies READ. A permission with a ``condition`` is not evaluated by this server: a
conditional ALLOW grants nothing and a conditional DENY still denies (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass

from massid.domain.commands import PermissionIn
from massid.domain.event_rules import CANCEL
from massid.domain.kinds import METHODOLOGY, SERVER_ONLY_TYPES, is_certificate, is_credit_order

READ = "READ"
WRITE = "WRITE"

INTEGRATOR = "integrator"
ACCREDITOR = "accreditor"
AUDITOR = "auditor"
ROLES = (INTEGRATOR, ACCREDITOR, AUDITOR)
# The author of what the server writes itself (audits, their links): never a real client id.
SERVER_CLIENT_ID = "massid-server"


@dataclass(frozen=True, slots=True)
class Grant:
    can_read: bool
    can_write: bool


def grant_from_permissions(permissions: list[PermissionIn]) -> Grant:
    """The access one ACTOR's permission list gives its participant."""
    allowed: set[str] = set()
    denied: set[str] = set()
    for permission in permissions:
        if permission.effect == "DENY":
            denied.update(permission.actions)
        elif permission.condition is None:
            allowed.update(permission.actions)
    actions = allowed - denied
    can_write = WRITE in actions
    can_read = can_write or READ in actions
    if READ in denied:
        can_read = can_write = False
    return Grant(can_read=can_read, can_write=can_write)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller, as every service sees it."""

    client_id: str
    integrator_id: str
    environment: str
    role: str
    participant_key: str | None
    scope: str

    @property
    def is_auditor(self) -> bool:
        return self.role == AUDITOR

    @property
    def is_accreditor(self) -> bool:
        return self.role == ACCREDITOR


def can_read(principal: Principal, owner_integrator_id: str, grant: Grant | None) -> bool:
    if principal.is_auditor or principal.integrator_id == owner_integrator_id:
        return True
    return grant is not None and grant.can_read


def can_write(principal: Principal, owner_integrator_id: str, grant: Grant | None) -> bool:
    if principal.is_auditor:
        return False
    if principal.integrator_id == owner_integrator_id:
        return True
    return grant is not None and grant.can_write


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What the access rules read about a document: owner, grant, writer and kind."""

    integrator_id: str
    grant: Grant | None
    client_id: str
    category: str
    type: str

    @property
    def by_server(self) -> bool:
        return self.client_id == SERVER_CLIENT_ID

    @property
    def is_certificate(self) -> bool:
        """A RecycledID or GasID issued by the server (look-alikes are ordinary documents)."""
        return self.by_server and is_certificate(self.category, self.type)

    @property
    def is_credit_order(self) -> bool:
        return is_credit_order(self.category, self.type)


def may_read(principal: Principal, document: DocumentFacts) -> bool:
    """Ownership, grants and auditors as :func:`can_read`; accreditors read certificates."""
    if document.is_certificate and principal.is_accreditor:
        return True
    return can_read(principal, document.integrator_id, document.grant)


def write_refusal(
    principal: Principal, document: DocumentFacts, event_name: str | None
) -> str | None:
    """Why ``principal`` may not add the event ``event_name`` (a file: None); None if it may."""
    if principal.is_auditor:
        return "auditor clients can read every document but write nothing"
    if document.is_certificate:
        if principal.is_accreditor and event_name == CANCEL:
            return None
        return "certificates are written by the server; an accreditor client may only CANCEL one"
    if document.by_server:
        return "this document was written by the server; no client can add events or files to it"
    if not can_write(principal, document.integrator_id, document.grant):
        return "this client may read this document but not write to it"
    if document.is_credit_order and not principal.is_accreditor:
        return "credit orders are written by accreditor clients only"
    return None


def creation_refusal(principal: Principal, category: str, type_: str) -> str | None:
    """Why ``principal`` may not create a document of this kind; None when it may."""
    if principal.is_auditor:
        return "auditor clients can read every document but write nothing"
    if category == METHODOLOGY and type_ in SERVER_ONLY_TYPES:
        return f"'{type_}' documents are written by the server only, when a verification passes"
    if is_credit_order(category, type_) and not principal.is_accreditor:
        return "credit orders are written by accreditor clients only"
    return None
