"""The append path's rules for certificates and credit orders.

- An event on a Credit Order whose ``relatedDocument`` is a certificate sells it to that
  order: only a certificate the server issued, not cancelled, held by no other live order,
  and only while the order is not CLOSED (a closed order is settled).
- The certificate's row in ``certificates`` is locked by both checks, so two orders cannot
  take it at once, nor can it be sold and cancelled at once.
- ``CANCEL`` on a Credit Order releases its certificates.
- ``CANCEL`` on a certificate (accreditor clients only, see ``domain.access``) is refused
  while a live order holds it: cancel the order first.
"""

from __future__ import annotations

from massid.domain.access import Principal
from massid.domain.commands import EventIn
from massid.domain.errors import Conflict, ValidationFailed
from massid.domain.event_rules import CANCEL
from massid.domain.kinds import is_certificate
from massid.domain.timeline import CANCELLED, CLOSED
from massid.storage.ports import StoredDocument, Tx


class CertificateSales:
    """Checks sales and cancellations event by event; writes them at flush."""

    def __init__(self, tx: Tx, principal: Principal) -> None:
        self.tx = tx
        self.principal = principal
        self.sold: dict[str, str] = {}  # certificate id → order id, sold by this request
        self.released: set[str] = set()  # orders cancelled by this request
        self.cancelled: set[str] = set()  # certificates cancelled by this request

    async def check(self, stored: StoredDocument, event: EventIn, pointer: str) -> None:
        """Raise the documented error when ``event`` breaks a sale rule; else record it."""
        facts = stored.facts
        document_id = stored.head.id
        if facts.is_certificate and event.name == CANCEL:
            await self._cancel_certificate(document_id, pointer)
        elif facts.is_credit_order:
            if event.relatedDocument is not None:
                where = f"{pointer}/relatedDocument/documentId"
                await self._sell(stored, event.relatedDocument.documentId, where)
            if event.name == CANCEL:
                self.released.add(document_id)
                self.sold = {c: o for c, o in self.sold.items() if o != document_id}

    async def _holder(self, certificate_id: str, *, lock: bool) -> tuple[str | None, str]:
        """The live order holding a certificate (this request's changes included), status."""
        row = (await self.tx.get_certificates([certificate_id], lock=lock)).get(certificate_id)
        if row is None:
            return None, ""
        holder = self.sold.get(certificate_id, row.sold_in)
        status = CANCELLED if certificate_id in self.cancelled else row.status
        return (None if holder in self.released else holder), status

    async def _cancel_certificate(self, certificate_id: str, pointer: str) -> None:
        holder, _status = await self._holder(certificate_id, lock=True)
        if holder is not None:
            raise Conflict(
                "CERTIFICATE_SOLD",
                f"{pointer or '/'}: certificate {certificate_id} is sold in live credit order "
                f"{holder}; cancel that order before the certificate",
            )
        self.cancelled.add(certificate_id)

    async def _sell(self, order: StoredDocument, certificate_id: str, where: str) -> None:
        refs = await self.tx.document_refs(
            self.principal.environment, [certificate_id], self.principal.participant_key
        )
        ref = refs.get(certificate_id)
        if ref is None or not is_certificate(ref.category, ref.type):
            return  # other links are the order's own business (references are checked apart)
        if not ref.facts.is_certificate:
            raise ValidationFailed(
                where,
                f"document {certificate_id} is a {ref.type} not issued by this server; only "
                "certificates issued by a verification can be sold",
            )
        order_id = order.head.id
        if order.head.status == CLOSED:
            raise Conflict(
                "CREDIT_ORDER_CLOSED",
                f"{where}: credit order {order_id} is CLOSED (settled); its certificates are "
                "final: sell this certificate in a new order",
            )
        holder, status = await self._holder(certificate_id, lock=True)
        if not status:
            raise ValidationFailed(where, f"certificate {certificate_id} has no issuance record")
        if status == CANCELLED:
            raise Conflict(
                "CERTIFICATE_CANCELLED",
                f"{where}: certificate {certificate_id} is cancelled and cannot be sold",
            )
        if holder is not None and holder != order_id:
            raise Conflict(
                "CERTIFICATE_ALREADY_SOLD",
                f"{where}: certificate {certificate_id} is already sold in live credit order "
                f"{holder}; a certificate can be in one live credit order only",
            )
        self.sold[certificate_id] = order_id

    async def flush(self) -> None:
        """Write the cancellations, the releases, then the sales, of this request."""
        await self.tx.cancel_certificates(sorted(self.cancelled))
        for order_id in sorted(self.released):
            await self.tx.release_order(order_id)
        by_order: dict[str, list[str]] = {}
        for certificate_id, order_id in self.sold.items():
            by_order.setdefault(order_id, []).append(certificate_id)
        for order_id, certificate_ids in sorted(by_order.items()):
            await self.tx.sell_certificates(certificate_ids, order_id)
