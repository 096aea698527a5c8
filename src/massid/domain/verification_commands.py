"""The wire shape of verification requests (verification.md, "API")."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from massid.domain.commands import DocumentIn, EventIn, Name, StrictModel


class VerifyIn(StrictModel):
    """The body of ``POST /documents/{id}/verifications`` (``strict``: None = server default)."""

    methodology: Name
    strict: bool | None = None


class PreviewIn(StrictModel):
    """The body of ``POST /verifications/preview``: an unsaved MassID and its timeline."""

    methodology: Name
    strict: bool | None = None
    document: DocumentIn
    events: Annotated[list[EventIn], Field(default_factory=list, max_length=500)]
