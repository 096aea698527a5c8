"""Who may read and write a document: the creating integrator, ACTOR grants, auditors.

Grants are keyed by a participant's natural key (see :mod:`massid.domain.identity`), so an
integrator whose own tax id appears on an ACTOR event with ``permissions`` gains that access.
For one participant the latest ACTOR carrying ``permissions`` wins; an empty list revokes.
WRITE implies READ. A permission with a ``condition`` is not evaluated by this server: a
conditional ALLOW grants nothing and a conditional DENY still denies (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass

from massid.domain.commands import PermissionIn

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
