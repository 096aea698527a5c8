"""Attachment bytes in an S3-compatible bucket, uploaded and downloaded with presigned URLs.

Clients upload straight to the bucket, to a staging key; the presigned PUT signs
``Content-Type`` and ``Content-Length``, so S3 refuses other bytes, and S3 refuses expired or
altered URLs. massid then checks the object itself before accepting it (size, type, time),
hashes it, and copies that exact version (``If-Match`` its ETag) to a final key that no upload
URL can reach — so a reused upload URL can never change an accepted file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import anyio
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from massid.domain.clock import to_utc

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


@dataclass(frozen=True, slots=True)
class S3Settings:
    bucket: str
    endpoint_url: str | None
    region: str
    access_key_id: str | None
    secret_access_key: str | None
    prefix: str


@dataclass(frozen=True, slots=True)
class StagedObject:
    size: int
    content_type: str
    modified_at: datetime
    etag: str


class ObjectChanged(Exception):
    """The staged object changed while it was being accepted (someone reused the URL)."""


class S3Files:
    def __init__(self, settings: S3Settings) -> None:
        self.bucket = settings.bucket
        self.prefix = settings.prefix
        # S3-compatible servers (MinIO, Ceph, moto) rarely serve bucket subdomains.
        style: Literal["path", "auto"] = "path" if settings.endpoint_url else "auto"
        self.client: S3Client = boto3.client(
            "s3",
            endpoint_url=settings.endpoint_url,
            region_name=settings.region,
            aws_access_key_id=settings.access_key_id,
            aws_secret_access_key=settings.secret_access_key,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": style},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
            ),
        )

    def staging_key(self, environment: str, document_id: str, file_id: str) -> str:
        return f"{self.prefix}uploads/{environment}/{document_id}/{file_id}"

    def final_key(self, environment: str, document_id: str, file_id: str) -> str:
        return f"{self.prefix}files/{environment}/{document_id}/{file_id}"

    def upload_url(self, key: str, content_type: str, content_length: int, ttl: int) -> str:
        """A presigned PUT that S3 accepts only with this exact type and length."""
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "ContentType": content_type,
            "ContentLength": content_length,
        }
        return self.client.generate_presigned_url(
            "put_object", Params=params, ExpiresIn=ttl, HttpMethod="PUT"
        )

    def download_url(self, key: str, content_type: str, file_name: str, ttl: int) -> str:
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "ResponseContentType": content_type,
            "ResponseContentDisposition": f"attachment; filename*=UTF-8''{quote(file_name)}",
        }
        return self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=ttl)

    async def staged(self, key: str) -> StagedObject | None:
        """What a client uploaded to ``key``, or None when nothing is there (yet)."""

        def head() -> StagedObject | None:
            try:
                found: Any = self.client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                    return None
                raise
            return StagedObject(
                size=int(found["ContentLength"]),
                content_type=str(found.get("ContentType", "")),
                modified_at=to_utc(found["LastModified"]),
                etag=str(found["ETag"]),
            )

        return await anyio.to_thread.run_sync(head)

    async def accept(self, staging: str, final: str, etag: str) -> str:
        """Hash the staged version ``etag`` and copy exactly it to ``final``; its SHA-256."""

        def run() -> str:
            try:
                body = self.client.get_object(Bucket=self.bucket, Key=staging, IfMatch=etag)
                digest = hashlib.sha256()
                for chunk in body["Body"].iter_chunks(65536):
                    digest.update(chunk)
                self.client.copy_object(
                    Bucket=self.bucket,
                    Key=final,
                    CopySource={"Bucket": self.bucket, "Key": staging},
                    CopySourceIfMatch=etag,
                    MetadataDirective="COPY",
                )
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") in ("PreconditionFailed", "412"):
                    raise ObjectChanged(staging) from error
                raise
            return digest.hexdigest()

        return await anyio.to_thread.run_sync(run)

    async def delete(self, key: str) -> None:
        await anyio.to_thread.run_sync(
            lambda: self.client.delete_object(Bucket=self.bucket, Key=key)
        )
