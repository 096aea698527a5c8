"""Regression tests for what contract fuzzing found missing in the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest

from massid.api.app import create_app
from massid.config import Settings
from tests.conftest import SECRET


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("spec") / "spec.db"
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{path}", secret_key=SECRET))
    return app.openapi()


@pytest.mark.parametrize(
    ("path", "method"),
    [("/public/documents/{documentId}", "get"), ("/files/{documentId}/{fileId}", "get")],
)
def test_routes_with_bounded_path_ids_declare_their_400(
    spec: dict[str, Any], path: str, method: str
) -> None:
    assert "400" in spec["paths"][path][method]["responses"]


def test_value_bounds_are_json_schema_keywords(spec: dict[str, Any]) -> None:
    value = spec["components"]["schemas"]["DocumentIn"]["properties"]["value"]
    bounded = value["anyOf"][0]
    assert (bounded["minimum"], bounded["maximum"]) == (0, 1e12)
    assert "ge" not in bounded and "le" not in bounded


def test_exactly_one_participant_and_address_is_declared(spec: dict[str, Any]) -> None:
    for name in ("DocumentIn", "EventIn", "BatchEventIn"):
        rules = [rule for rule in spec["components"]["schemas"][name]["allOf"] if "oneOf" in rule]
        required = [[branch["required"] for branch in rule["oneOf"]] for rule in rules]
        assert required == [[["participantId"], ["participant"]], [["addressId"], ["address"]]]


def test_the_workflow_links_create_append_and_read(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    links = paths["/documents"]["post"]["responses"]["201"]["links"]
    assert (
        links["GetDocument"]["operationId"]
        == paths["/documents/{documentId}"]["get"]["operationId"]
    )
    assert links["AppendEvent"]["parameters"] == {"documentId": "$response.body#/id"}
    appended = paths["/documents/{documentId}/events"]["post"]["responses"]["201"]["links"]
    assert appended["GetDocument"]["parameters"] == {"documentId": "$response.body#/documentId"}


def test_enumerations_the_server_enforces_are_declared(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert "bold-recycling" in schemas["VerifyIn"]["properties"]["methodology"]["enum"]
    assert "application/pdf" in schemas["AttachmentRequestIn"]["properties"]["contentType"]["enum"]


def test_permissions_and_updates_are_declared_only_on_their_events(spec: dict[str, Any]) -> None:
    rules = [rule for rule in spec["components"]["schemas"]["EventIn"]["allOf"] if "else" in rule]
    only = {rule["if"]["properties"]["name"]["const"]: rule["else"]["properties"] for rule in rules}
    assert only == {
        "ACTOR": {"permissions": {"type": "null"}},
        "UPDATE": {"updates": {"type": "null"}},
    }


def test_body_strings_are_declared_free_of_nul(spec: dict[str, Any]) -> None:
    category = spec["components"]["schemas"]["DocumentIn"]["properties"]["category"]
    assert category["pattern"] == "^[^\\x00]*$"
