"""Uploading a document's file (api.md §8): ask for a signed upload URL, then PUT the bytes.

Made safe to retry and to repeat. Signed URLs are single-use, so a PUT whose answer was lost
is never sent again to the same URL: the upload starts over with a new one. And files are
immutable, so asking for a URL for a name already uploaded is a 409 ``ATTACHMENT_EXISTS`` —
which is success when the stored file is this one (same SHA-256, length and type: the lost
PUT had arrived, or a re-run uploads the same file), and a real conflict otherwise.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from massid.client.engine import Engine, Operation, Plan, Sleep
from massid.client.errors import Conflict, MassIdError
from massid.client.responses import Document, UploadedAttachment, UploadTarget
from massid.client.retry import NO_RETRY, RetryPolicy
from massid.client.wire import parser


def upload(
    engine: Engine, policy: RetryPolicy, document_url: str, done: UploadedAttachment, data: bytes
) -> Plan[UploadedAttachment]:
    """The whole upload of ``data``, described by ``done``, to the document at ``document_url``."""
    file_url = f"{document_url}/attachments/{quote(done.fileName, safe='')}"
    content_type = done.contentType
    retries = 0
    while True:
        try:
            target = yield from engine.run(
                Operation(
                    "PUT",
                    file_url,
                    parser(UploadTarget),
                    json={"contentLength": len(data), "contentType": content_type},
                )
            )
        except Conflict as error:
            if error.reason == "ATTACHMENT_EXISTS" and (
                yield from is_stored(engine, document_url, done, data)
            ):
                return done.model_copy(update={"replayed": True})
            raise
        put = Operation(
            "PUT",
            target.uploadUrl,
            lambda response: response.status_code,
            content=data,
            headers={"Content-Type": content_type},
            authenticated=False,
            retry=NO_RETRY,
        )
        try:
            yield from engine.run(put)
        except MassIdError as error:
            delay = policy.delay(retries, error)
            if delay is None:
                raise
            retries += 1
            yield Sleep(delay)
            continue
        return done


def is_stored(
    engine: Engine, document_url: str, expected: UploadedAttachment, data: bytes
) -> Plan[bool]:
    """Whether the document already holds exactly these bytes under this name."""
    document = yield from engine.run(Operation("GET", document_url, parser(Document)))
    digest = hashlib.sha256(data).hexdigest()
    return any(
        stored.fileName == expected.fileName
        and stored.sha256 == digest
        and stored.contentLength == expected.contentLength
        and stored.contentType == expected.contentType
        for stored in document.attachments
    )
