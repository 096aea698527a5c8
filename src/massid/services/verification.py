"""Verification use cases: run a methodology over a MassID (issuing its certificate when it
passes), or the rewards rule over a credit order; list the results; preview a MassID."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from massid.domain.access import Principal
from massid.domain.clock import Clock
from massid.domain.errors import Conflict, NotFound, ValidationFailed
from massid.domain.ids import is_uuid, uuid7
from massid.domain.timeline import CANCELLED
from massid.domain.verification_commands import PreviewIn, VerifyIn
from massid.methodologies.bold.vocabulary import MASS_ID
from massid.methodologies.certificates import PREVIEW, NotIssued, plan_certificate
from massid.methodologies.engine import Evaluation, Methodology, evaluate
from massid.methodologies.graph import Document, Graph, document_from_json
from massid.methodologies.registry import METHODOLOGIES, find_methodology
from massid.services.audit_writer import Issuance, write_audit
from massid.services.credit_order_verification import order_results, verify_credit_order
from massid.services.dedup import replay_or_raise, scope_of
from massid.services.documents import visible
from massid.services.representation import Outcome, dumps, fingerprint
from massid.services.unsaved import ReadOnlyParties, build_unsaved
from massid.services.verification_graph import load_graph, load_stored, to_document
from massid.services.verification_result import certificate_ids, result_from_audit, result_json
from massid.storage.ports import DedupKey, DedupRecord, Store, StoredDocument, Tx

VERIFICATION = "verification"  # deduplication kind of verification requests


def require_methodology(slug: str, pointer: str = "/methodology") -> Methodology:
    methodology = find_methodology(slug)
    if methodology is None:
        raise ValidationFailed(
            pointer, f"unknown methodology '{slug}'; use one of {', '.join(METHODOLOGIES)}"
        )
    return methodology


def _require_verifiable(stored: StoredDocument) -> None:
    head = stored.head
    if head.category != MASS_ID and not stored.facts.is_credit_order:
        raise ValidationFailed(
            "/documentId",
            f"document {head.id} is a {head.category}/{head.type} document, not a MassID; "
            "only MassIDs (and credit orders) can be verified",
        )


def issuance(
    methodology: Methodology, graph: Graph, evaluation: Evaluation, now: datetime
) -> Issuance:
    """The certificate a verification issues, with a new id, or why it issues none."""
    try:
        plan = plan_certificate(methodology, graph, evaluation, now)
    except NotIssued as reason:
        return Issuance(None, None, reason)
    return Issuance(plan, uuid7(), None)


def _rejson(value: Any) -> Any:
    """Data built in memory as it would come back from the store (numbers as decimals)."""
    return json.loads(json.dumps(value), parse_float=Decimal)


class VerificationService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        review_required: bool = False,
        strict_by_default: bool = False,
    ) -> None:
        self.store = store
        self.clock = clock
        self.review_required = review_required
        self.strict_by_default = strict_by_default

    def strict(self, requested: bool | None) -> bool:
        """Strict mode as asked, or the server's default when the request does not say."""
        return self.strict_by_default if requested is None else requested

    @staticmethod
    def methodologies() -> list[dict[str, Any]]:
        """Every methodology with its rules, in execution order."""
        return [methodology.describe() for methodology in METHODOLOGIES.values()]

    async def _readable_target(
        self, tx: Tx, principal: Principal, document_id: str, *, lock: bool
    ) -> StoredDocument:
        if not is_uuid(document_id):
            raise NotFound("document not found")
        found = await tx.get_document(
            principal.environment, document_id, principal.participant_key, lock=lock
        )
        stored = visible(principal, found)
        _require_verifiable(stored)
        return stored

    async def verify(
        self,
        principal: Principal,
        document_id: str,
        command: VerifyIn,
        idempotency_key: str | None = None,
    ) -> Outcome:
        """Run the methodology over a stored MassID and store the audit (201 with the result);
        a passing, CLOSED MassID gets its certificate. A credit order gets its payout table.

        With an ``Idempotency-Key`` a retry gets the first answer back instead of a second audit.
        """
        methodology = require_methodology(command.methodology)
        strict = self.strict(command.strict)
        scope = scope_of(principal, VERIFICATION)
        request_print = fingerprint(VERIFICATION, document_id, command.model_dump(mode="json"))

        async def work(tx: Tx) -> Outcome:
            stored = await self._readable_target(tx, principal, document_id, lock=True)
            if idempotency_key is not None:
                existing = await tx.get_dedup(scope, [idempotency_key])
                if idempotency_key in existing:
                    return replay_or_raise(existing[idempotency_key], request_print, "/")
            now = self.clock()
            if stored.facts.is_credit_order:
                result = await verify_credit_order(tx, principal, stored, methodology, now)
                return await self._stored(tx, scope, idempotency_key, request_print, result, now)
            if stored.head.status == CANCELLED:
                raise Conflict(
                    "DOCUMENT_CANCELLED",
                    f"document {document_id} is CANCELLED; a cancelled MassID cannot be verified",
                )
            mass_id = await load_stored(tx, stored)
            graph = await load_graph(tx, principal, mass_id, methodology, saved=True, strict=strict)
            audit_id = uuid7()
            graph.audit_id = audit_id
            evaluation = evaluate(
                methodology, graph, now, review_required=self.review_required, strict=strict
            )
            issued = issuance(methodology, graph, evaluation, now)
            await write_audit(tx, stored, graph, evaluation, audit_id, now, principal, issued)
            result = result_json(audit_id, document_id, evaluation, now, *issued.as_json())
            return await self._stored(tx, scope, idempotency_key, request_print, result, now)

        return await self.store.write(work)

    @staticmethod
    async def _stored(
        tx: Tx,
        scope: DedupKey,
        idempotency_key: str | None,
        request_print: str,
        result: dict[str, Any],
        now: datetime,
    ) -> Outcome:
        """The 201 answer, kept under the Idempotency-Key for retries."""
        body = dumps(result)
        if idempotency_key is not None:
            record = DedupRecord(request_print, 201, body)
            await tx.put_dedup(scope, {idempotency_key: record}, now)
        return Outcome(201, body)

    async def list(self, principal: Principal, document_id: str) -> Outcome:
        """Every audit of a MassID (or payout run of a credit order), newest first."""
        async with self.store.read() as tx:
            stored = await self._readable_target(tx, principal, document_id, lock=False)
            if stored.facts.is_credit_order:
                return Outcome(200, dumps(order_results(await load_stored(tx, stored))))
            audits = [to_document(audit) for audit in await tx.list_audits(document_id)]
            issued = [cid for audit in audits for cid in certificate_ids(audit)]
            statuses = await tx.document_statuses(issued)
        return Outcome(200, dumps([result_from_audit(audit, statuses) for audit in audits]))

    async def preview(self, principal: Principal, command: PreviewIn) -> Outcome:
        """The result for an unsaved MassID (accreditations from the store); writes nothing."""
        methodology = require_methodology(command.methodology)
        strict = self.strict(command.strict)
        if command.document.category != MASS_ID:
            raise ValidationFailed(
                "/document/category",
                f"'{command.document.category}' is not a MassID; only MassIDs can be verified",
            )
        async with self.store.read() as tx:
            unsaved = await build_unsaved(
                ReadOnlyParties(tx),
                principal.environment,
                command.document,
                list(command.events),
                client_id=principal.client_id,
                integrator_id=principal.integrator_id,
            )
            mass_id: Document = document_from_json(
                _rejson(unsaved.body),
                _rejson(unsaved.events),
                status=unsaved.head.status,
                current_value=unsaved.head.current_value,
            )
            graph = await load_graph(
                tx, principal, mass_id, methodology, saved=False, strict=strict
            )
        now = self.clock()
        evaluation = evaluate(
            methodology, graph, now, review_required=self.review_required, strict=strict
        )
        preview = NotIssued(PREVIEW, "a preview stores nothing and issues no certificate")
        result = result_json(None, None, evaluation, now, None, preview.as_json())
        return Outcome(200, dumps(result))
