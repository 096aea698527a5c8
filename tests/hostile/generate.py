"""Write the hostile-input corpus: ``python -m tests.hostile.generate`` → ``corpus.json``.

The corpus is data kept in the repository; this script is how it was made (rerun it after an
edit and commit both). Each entry is one request that must be refused with a 4xx in the error
envelope, writing nothing. Fields:

- ``id``, ``category``: a stable name and the kind of hostility;
- ``method``, ``path``; ``{doc}`` is replaced by an existing document's id, and
  ``{doc:cyrillic}`` / ``{doc:fullwidth}`` / ``{doc:zwsp}`` by look-alikes of it;
- ``headers``; a valid bearer token is added unless ``auth`` is false or the entry sets
  ``Authorization`` itself;
- the body, as ``body`` (text, UTF-8 encoded), ``body_hex`` (raw bytes) or ``body_parts``
  (``[[text, times], ...]`` concatenated: the 10-MB bodies are not stored as such), and
  ``header_parts`` likewise for huge header values, ``path_repeat`` (``a`` × n appended);
- ``expect``: the statuses that are right for it (all 4xx);
- ``transport``: also sent over a real socket to ``massid serve`` (``transport_only``: only there,
  since it is about what the HTTP server itself does: header sizes, chunked bodies).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).with_name("corpus.json")
JSON = {"Content-Type": "application/json"}
MB = 1024 * 1024

PARTICIPANT = {
    "name": "Hostile Test Ltda",
    "countryCode": "BR",
    "taxId": "33333333000133",
    "taxIdType": "CNPJ",
    "type": "COMPANY",
}
ADDRESS = {
    "street": "Rua A",
    "number": "1",
    "neighborhood": "Centro",
    "city": "Recife",
    "countryState": "PE",
    "countryCode": "BR",
    "zipCode": "50000-000",
    "latitude": -8.05,
    "longitude": -34.9,
}
DOCUMENT: dict[str, Any] = {
    "category": "MassID",
    "type": "Organic",
    "value": 1000,
    "externalCreatedAt": "2026-01-10T10:00:00.000Z",
    "isPublic": True,
    "isPubliclySearchable": True,
    "participant": PARTICIPANT,
    "address": ADDRESS,
}
EVENT: dict[str, Any] = {
    "name": "Weighing",
    "value": 990,
    "externalCreatedAt": "2026-01-11T10:00:00.000Z",
    "isPublic": True,
    "participant": PARTICIPANT,
    "address": ADDRESS,
}

entries: list[dict[str, Any]] = []


def add(category: str, method: str, path: str, expect: list[int], **fields: Any) -> None:
    number = sum(1 for entry in entries if entry["category"] == category) + 1
    entry = {"id": f"{category}-{number:03d}", "category": category, "method": method}
    entry.update(path=path, expect=expect, **fields)
    entries.append(entry)


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


def text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def raw_document(fragment: str) -> str:
    """The valid document with ``fragment`` spliced in as its first member."""
    return "{" + fragment + ", " + text(DOCUMENT)[1:]


def malformed_json() -> None:
    bodies = [
        "",
        "   ",
        "{",
        "}",
        '{"category": "MassID"',
        '{"category": "MassID",}',
        "{'category': 'MassID'}",
        '{category: "MassID"}',
        '{"category": "MassID" /* comment */}',
        '{"category": "MassID"} // trailing',
        '{"category": "MassID"} {"category": "MassID"}',
        '{"a": 01}',
        '{"a": .5}',
        '{"a": 0x10}',
        '{"a": +1}',
        '{"a": "unterminated}',
        '{"a": "bad escape \\x41"}',
        '{"a": "\\u12"}',
        '{"a": tru}',
        '{"a": undefined}',
        "\ufeff" + text(DOCUMENT),
        "<xml>not json</xml>",
        "category=MassID&type=Organic",
    ]
    for body in bodies:
        add("malformed-json", "POST", "/documents", [400], headers=JSON, body=body)
    for body in ["[]", "null", "1", '"MassID"', "true", "[" + text(DOCUMENT) + "]"]:
        add("not-an-object", "POST", "/documents", [400], headers=JSON, body=body)


def deep_nesting() -> None:
    for depth in (1_000, 10_000, 100_000):
        add(
            "deep-nesting",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body_parts=[["[", depth], ["]", depth]],
        )
        add(
            "deep-nesting",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body_parts=[['{"a":', depth], ["1", 1], ["}", depth]],
        )
    for depth in (100, 3_000):
        nested = "[" * depth + '"x"' + "]" * depth
        attribute = '{"name": "deep", "isPublic": true, "value": ' + nested + "}"
        event = text(EVENT)[:-1] + ', "metadata": {"attributes": [' + attribute + "]}}"
        add("deep-nesting", "POST", "/documents/{doc}/events", [400], headers=JSON, body=event)
    add(
        "deep-nesting",
        "POST",
        "/documents",
        [400],
        headers=JSON,
        body=raw_document('"tags": ' + '{"a":' * 500 + '"x"' + "}" * 500),
    )


def numbers() -> None:
    for literal in ("1e400", "-1e400", "1e309", "1" + "0" * 400, "-1", "1e13", "10000000000001"):
        add(
            "huge-number",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=raw_document(f'"value": {literal}'),
        )
    for field, literal in (("latitude", "1e400"), ("latitude", "91"), ("longitude", "-1e309")):
        address = text(ADDRESS)[:-1] + f', "{field}": {literal}' + "}"
        body = text(with_(DOCUMENT, address="ADDRESS"))
        add(
            "huge-number",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=body.replace('"ADDRESS"', address),
        )
    event = text(EVENT)[:-1]
    for literal in ("1e400", "-0.5", "9" * 50):
        add(
            "huge-number",
            "POST",
            "/documents/{doc}/events",
            [400],
            headers=JSON,
            body=event + f', "value": {literal}' + "}",
        )
    for literal in ("1" + "0" * 30, "-5", "1e400", "3.5"):
        add(
            "huge-number",
            "PUT",
            "/documents/{doc}/attachments/evidence.pdf",
            [400, 413],
            headers=JSON,
            body='{"contentType": "application/pdf", "contentLength": ' + literal + "}",
        )


def nan_infinity() -> None:
    for literal in ("NaN", "Infinity", "-Infinity", "nan", "inf"):
        add(
            "nan-infinity",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=raw_document(f'"value": {literal}'),
        )
    for field in ("latitude", "longitude"):
        address = text(ADDRESS)[:-1] + f', "{field}": NaN' + "}"
        body = text(with_(DOCUMENT, address="ADDRESS")).replace('"ADDRESS"', address)
        add("nan-infinity", "POST", "/documents", [400], headers=JSON, body=body)
    event = text(EVENT)[:-1]
    for literal in ("NaN", "Infinity"):
        add(
            "nan-infinity",
            "POST",
            "/documents/{doc}/events",
            [400],
            headers=JSON,
            body=event + f', "value": {literal}' + "}",
        )
        attribute = '{"name": "w", "isPublic": true, "value": ' + literal + "}"
        add(
            "nan-infinity",
            "POST",
            "/documents/{doc}/events",
            [400],
            headers=JSON,
            body=event + ', "metadata": {"attributes": [' + attribute + "]}}",
        )


def invalid_utf8() -> None:
    sequences = ["ff", "fe", "c0af", "eda080", "f888808080", "e282", "80", "c3", "f4908080"]
    head = b'{"category": "'.hex()
    tail = ('", ' + text(DOCUMENT)[1:]).encode().hex()
    for sequence in sequences:
        add(
            "invalid-utf8",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body_hex=head + sequence + tail,
        )
    latin1 = text(with_(DOCUMENT, category="São Paulo")).encode("latin-1").hex()
    add("invalid-utf8", "POST", "/documents", [400], headers=JSON, body_hex=latin1)
    utf16 = text(DOCUMENT).encode("utf-16").hex()
    add("invalid-utf8", "POST", "/documents", [400], headers=JSON, body_hex=utf16)


def nul_bytes() -> None:
    for field in ("category", "type", "externalId", "deduplicationId", "title", "subtype"):
        add(
            "nul",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=text(with_(DOCUMENT, **{field: "a\u0000b"})),
        )
    for field in ("name", "taxId"):
        participant = with_(PARTICIPANT, **{field: "\u0000"})
        add(
            "nul",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=text(with_(DOCUMENT, participant=participant)),
        )
    add(
        "nul",
        "POST",
        "/documents",
        [400],
        headers=JSON,
        body=text(with_(DOCUMENT, address=with_(ADDRESS, street="Rua\u0000"))),
    )
    add(
        "nul",
        "POST",
        "/documents",
        [400],
        headers=JSON,
        body=text(with_(DOCUMENT, tags={"k\u0000": "v"})),
    )
    add(
        "nul",
        "POST",
        "/documents",
        [400],
        headers=JSON,
        body=text(with_(DOCUMENT, tags={"k": "\u0000"})),
    )
    for field in ("name", "label", "externalId"):
        add(
            "nul",
            "POST",
            "/documents/{doc}/events",
            [400],
            headers=JSON,
            body=text(with_(EVENT, **{field: "x\u0000"})),
        )
    attribute = {"name": "n", "isPublic": True, "value": "\u0000"}
    add(
        "nul",
        "POST",
        "/documents/{doc}/events",
        [400],
        headers=JSON,
        body=text(with_(EVENT, metadata={"attributes": [attribute]})),
    )
    raw = text(with_(DOCUMENT, category="AB")).encode().hex().replace("4142", "410042")
    add("nul", "POST", "/documents", [400], headers=JSON, body_hex=raw)
    add(
        "nul",
        "POST",
        "/documents",
        [400],
        headers=JSON,
        body_hex="00" + text(DOCUMENT).encode().hex(),
    )
    for path in (
        "/documents?category=a%00b",
        "/documents/%00",
        "/documents/{doc}%00",
        "/public/documents?q=%00",
    ):
        add("nul", "GET", path, [400])
    add(
        "nul",
        "POST",
        "/documents",
        [400],
        headers={**JSON, "Idempotency-Key": "a\tb"},
        body=text(DOCUMENT),
    )


def duplicate_keys() -> None:
    fragments = [
        '"category": "Other"',
        '"isPublic": false',
        '"value": 5',
        '"participant": {"name": "x"}',
        '"externalCreatedAt": "2020-01-01T00:00:00Z"',
    ]
    for fragment in fragments:
        add(
            "duplicate-keys", "POST", "/documents", [400], headers=JSON, body=raw_document(fragment)
        )
    participant = text(PARTICIPANT)[:-1] + ', "taxId": "00000000000000"}'
    body = text(with_(DOCUMENT, participant="P")).replace('"P"', participant)
    add("duplicate-keys", "POST", "/documents", [400], headers=JSON, body=body)
    event = text(EVENT)[:-1] + ', "value": 1}'
    add("duplicate-keys", "POST", "/documents/{doc}/events", [400], headers=JSON, body=event)
    batch = '{"documentId": "{doc}", "events": [' + text(EVENT) + '], "events": []}'
    add("duplicate-keys", "POST", "/documents/events", [400], headers=JSON, body=batch)
    batch = '{"documentId": "{doc}", "documentId": "{doc}", "events": [' + text(EVENT) + "]}"
    add("duplicate-keys", "POST", "/documents/events", [400], headers=JSON, body=batch)


def big_strings() -> None:
    head = '{"category": "'
    tail = '", ' + text(DOCUMENT)[1:].replace('"category": "MassID", ', "")
    for count in (10 * MB, 2 * MB, MB + 1):
        add(
            "oversized",
            "POST",
            "/documents",
            [413],
            headers=JSON,
            body_parts=[[head, 1], ["A", count], [tail, 1]],
            transport=True,
        )
    event_head = (
        text(EVENT)[:-1]
        + ', "metadata": {"attributes": [{"name": "n", "isPublic": true, "value": "'
    )
    add(
        "oversized",
        "POST",
        "/documents/{doc}/events",
        [413],
        headers=JSON,
        body_parts=[[event_head, 1], ["é", 5 * MB], ['"}]}}', 1]],
        transport=True,
    )
    add(
        "oversized",
        "POST",
        "/documents",
        [413],
        headers=JSON,
        body_parts=[["[", 2 * MB]],
        transport=True,
    )
    for field, length in (
        ("category", 256),
        ("title", 4001),
        ("externalId", 256),
        ("deduplicationId", 256),
    ):
        add(
            "long-string",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=text(with_(DOCUMENT, **{field: "x" * length})),
        )
    add(
        "long-string",
        "POST",
        "/documents/{doc}/events",
        [400],
        headers=JSON,
        body=text(with_(EVENT, name="n" * 256)),
    )
    add(
        "long-string",
        "POST",
        "/documents",
        [400],
        headers={**JSON, "Idempotency-Key": "k" * 256},
        body=text(DOCUMENT),
    )


WRONG_IDS = [
    "not-a-uuid",
    "1",
    "-1",
    "0",
    "null",
    "..",
    "%2e%2e",
    "%2F",
    "a" * 65,
    "{doc}x",
    "%7B{doc}%7D",
    "{doc}%20",
    "%20{doc}",
    "' OR '1'='1",
    "1%3BDROP%20TABLE%20documents",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "$%7Bjndi:ldap:%2F%2Fx%7D",
    "..%2F..%2Fetc%2Fpasswd",
    "{doc:cyrillic}",
    "{doc:fullwidth}",
    "{doc:zwsp}",
    "00000000-0000-0000-0000-000000000000",
]


def wrong_ids() -> None:
    for wrong in WRONG_IDS:
        add("wrong-id", "GET", f"/documents/{wrong}", [400, 404])
        add(
            "wrong-id",
            "POST",
            f"/documents/{wrong}/events",
            [400, 404],
            headers=JSON,
            body=text(EVENT),
        )
        add("wrong-id", "GET", f"/documents/{wrong}/events", [400, 404])
    for wrong in (
        "not-a-uuid",
        "' OR 1=1 --",
        "{doc:cyrillic}",
        "{doc:zwsp}",
        "<img src=x onerror=alert(1)>",
    ):
        add(
            "wrong-id",
            "GET",
            "/public/documents/"
            + wrong.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E"),
            [400, 404],
            auth=False,
        )


def wrong_ids_in_bodies() -> None:
    values = [
        "' OR '1'='1",
        "<script>alert(1)</script>",
        "{doc:cyrillic}",
        "{doc:zwsp}",
        "x" * 300,
        "",
    ]
    for value in values:
        add(
            "wrong-id-body",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=text(
                with_(
                    {k: v for k, v in DOCUMENT.items() if k != "participant"}, participantId=value
                )
            ),
        )
        add(
            "wrong-id-body",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=text(with_(DOCUMENT, parentDocumentId=value)),
        )
    for value in ("' OR '1'='1", "{doc:cyrillic}", "../{doc}"):
        add(
            "wrong-id-body",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=text(
                with_({k: v for k, v in DOCUMENT.items() if k != "address"}, addressId=value)
            ),
        )
        related = with_(EVENT, name="RELATED", relatedDocument={"documentId": value})
        add(
            "wrong-id-body",
            "POST",
            "/documents/{doc}/events",
            [400, 404],
            headers=JSON,
            body=text(related),
        )
        add(
            "wrong-id-body",
            "POST",
            "/documents/events",
            [400, 404],
            headers=JSON,
            body=text({"documentId": value, "events": [EVENT]}),
        )


def content_types() -> None:
    types = [
        "text/plain",
        "text/html",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/javascript",
        "image/png",
        "",
        "application/jsonx",
        "json",
    ]
    for content_type in types:
        add(
            "content-type",
            "POST",
            "/documents",
            [415],
            headers={"Content-Type": content_type},
            body=text(DOCUMENT),
        )
        add(
            "content-type",
            "POST",
            "/documents/{doc}/events",
            [415],
            headers={"Content-Type": content_type},
            body=text(EVENT),
        )


def headers() -> None:
    add(
        "bad-auth",
        "GET",
        "/documents",
        [401],
        header_parts={"Authorization": [["Bearer ", 1], ["A", 10_000]]},
    )
    for auth in ("Bearer \u00ff\u00fe", "Basic Zm9vOmJhcg==", "Bearer", "", "bearer a.b.c"):
        add("bad-auth", "GET", "/documents", [401], headers={"Authorization": auth})
    for name, prefix, count in (
        ("X-Filler", "", 70_000),
        ("X-Filler", "", 1_000_000),
        ("Authorization", "Bearer ", 200_000),
    ):
        parts = {name: [[prefix, 1], ["a", count]]}
        add(
            "long-header",
            "GET",
            "/documents",
            [400, 401, 413, 431],
            header_parts=parts,
            transport_only=True,
        )
    add(
        "long-header", "GET", "/documents", [400, 413, 431], many_headers=2_000, transport_only=True
    )
    add(
        "long-header",
        "GET",
        "/documents?a=",
        [400, 413, 414, 431],
        path_repeat=100_000,
        transport_only=True,
    )
    add(
        "chunked",
        "POST",
        "/documents",
        [413],
        headers=JSON,
        body_parts=[['{"category": "', 1], ["B", 3 * MB], ['"}', 1]],
        chunked=True,
        transport_only=True,
    )
    add(
        "bad-length",
        "POST",
        "/documents",
        [400, 413],
        headers={**JSON, "Content-Length": "-1"},
        body="{}",
        transport_only=True,
    )
    add(
        "bad-length",
        "POST",
        "/documents",
        [400, 413],
        headers={**JSON, "Content-Length": "99999999999"},
        body="{}",
        transport_only=True,
    )


def type_confusion() -> None:
    changes: list[dict[str, Any]] = [
        {"isPublic": "false"},
        {"isPublic": 0},
        {"isPubliclySearchable": None},
        {"value": "100"},
        {"value": True},
        {"externalCreatedAt": 1764172800},
        {"externalCreatedAt": "2026-13-01T00:00:00Z"},
        {"externalCreatedAt": "2026-02-30T00:00:00Z"},
        {"externalCreatedAt": "2026-01-10T10:00:00"},
        {"externalCreatedAt": "yesterday"},
        {"externalCreatedAt": "99999-01-01T00:00:00Z"},
        {"tags": ["a", "b"]},
        {"tags": {"k": 1}},
        {"participant": "Hostile Test Ltda"},
        {"address": None},
        {"category": ["MassID"]},
        {"category": ""},
        {"isPubliclySearchble": True},
        {"__proto__": {"admin": True}},
        {"constructor": {"prototype": {}}},
    ]
    for change in changes:
        add(
            "type-confusion",
            "POST",
            "/documents",
            [400],
            headers=JSON,
            body=text(with_(DOCUMENT, **change)),
        )
    for batch in (
        {"documentId": "{doc}", "events": []},
        {"documentId": "{doc}", "events": {}},
        {"events": [EVENT]},
    ):
        add("type-confusion", "POST", "/documents/events", [400], headers=JSON, body=text(batch))
    add(
        "type-confusion",
        "POST",
        "/documents/{doc}/events",
        [400],
        headers=JSON,
        body=text(with_(EVENT, name="ACTOR")),
    )
    add(
        "type-confusion",
        "POST",
        "/documents/{doc}/events",
        [400],
        headers=JSON,
        body=text(with_(EVENT, name="SPLIT", value=0)),
    )


def collections() -> None:
    add(
        "oversized-batch",
        "POST",
        "/documents/events",
        [413],
        headers=JSON,
        body_parts=[
            ['{"documentId": "{doc}", "events": [', 1],
            [text(EVENT) + ", ", 500],
            [text(EVENT) + "]}", 1],
        ],
    )
    attributes = [{"name": f"a{i}", "isPublic": True, "value": i} for i in range(501)]
    add(
        "oversized-batch",
        "POST",
        "/documents/{doc}/events",
        [400],
        headers=JSON,
        body=text(with_(EVENT, metadata={"attributes": attributes})),
    )
    add(
        "oversized-batch",
        "POST",
        "/documents",
        [400],
        headers=JSON,
        body=text(with_(DOCUMENT, tags={f"t{i}": "v" for i in range(101)})),
    )


def query_parameters() -> None:
    queries = [
        "limit=-1",
        "limit=0",
        "limit=100000",
        "limit=1e3",
        "limit=abc",
        "limit=NaN",
        "limit=1&limit=2",
        "cursor=junk",
        "cursor=%27%20OR%201%3D1%20--",
        "cursor=%3Cscript%3E",
        "cursor=%C3%A9.%C3%A9",
        "cursor=abc.%D0%B2%D0%B2%D0%B2",
        "createdAfter=yesterday",
        "createdAfter=2026-01-10T10:00:00",
        "status=DELETED",
        "status=open",
        "category=" + "c" * 300,
        "unknown=1",
    ]
    for query in queries:
        add("query", "GET", f"/documents?{query}", [400])
    for query in ("after=-1", "after=1e30", "after=99999999999999999999", "limit=0", "limit=NaN"):
        add("query", "GET", f"/documents/{{doc}}/events?{query}", [400])


def file_urls() -> None:
    for query in (
        "",
        "expires=9999999999&signature=%C3%A9%C3%A9",
        "expires=-1&signature=x",
        "expires=1e99&signature=x",
        "expires=99999999999999999999&signature=x",
        "expires=9999999999&signature=%27%20OR%201%3D1",
    ):
        for method in ("GET", "PUT"):
            add(
                "file-url",
                method,
                f"/files/{{doc}}/not-a-file?{query}",
                [400, 403, 404],
                auth=False,
            )


def token_endpoint() -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    cases = [
        ("", form, [400, 401]),
        ("grant_type=password", form, [400, 401]),
        ("grant_type=client_credentials&client_id=%00&client_secret=x", form, [400, 401]),
        (
            "grant_type=client_credentials&client_id=%27%20OR%201%3D1&client_secret=x",
            form,
            [400, 401],
        ),
        (
            "grant_type=client_credentials&client_id=" + "a" * 5000 + "&client_secret=x",
            form,
            [400, 401],
        ),
        ('{"grant_type": "client_credentials"}', JSON, [400, 401, 415]),
        (
            "grant_type=client_credentials",
            {**form, "Authorization": "Basic %%%notbase64"},
            [400, 401],
        ),
        (
            "grant_type=client_credentials",
            {**form, "Authorization": "Basic " + "QQ==" * 500},
            [400, 401],
        ),
    ]
    for body, hdrs, expect in cases:
        add("token", "POST", "/oauth2/token", expect, headers=hdrs, body=body, auth=False)


def render() -> str:
    """The corpus file's text, built afresh."""
    entries.clear()
    for part in (
        malformed_json,
        deep_nesting,
        numbers,
        nan_infinity,
        invalid_utf8,
        nul_bytes,
        duplicate_keys,
        big_strings,
        wrong_ids,
        wrong_ids_in_bodies,
        content_types,
        headers,
        type_confusion,
        collections,
        query_parameters,
        file_urls,
        token_endpoint,
    ):
        part()
    return json.dumps(entries, indent=1, ensure_ascii=True) + "\n"


def main() -> None:
    CORPUS.write_text(render())
    print(f"{len(entries)} entries written to {CORPUS}")


if __name__ == "__main__":
    main()
