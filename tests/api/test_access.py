"""Environment isolation and document access (api.md §2, §5)."""

from __future__ import annotations

from tests.api.helpers import append, create_document, error_of
from tests.conftest import Api
from tests.factories import make_document, make_event


async def test_test_token_cannot_read_or_write_prod_data(api: Api) -> None:
    integrator = "Same Integrator"
    prod = await api.headers(env="PROD", integrator=integrator)
    test = await api.headers(env="TEST", integrator=integrator)
    document_id = await create_document(api, prod)
    read = await api.http.get(f"/documents/{document_id}", headers=test)
    assert read.status_code == 404
    write = await append(api, test, document_id, make_event())
    assert write.status_code == 404
    related = make_event("RELATED", 1, relatedDocument={"documentId": document_id})
    test_doc = await create_document(api, test)
    assert (await append(api, test, test_doc, related)).status_code == 400
    prod_doc = await api.http.get(f"/documents/{document_id}", headers=prod)
    assert prod_doc.json()["dataSetName"] == "PROD"


async def test_same_integrator_other_client_same_env_can_read(api: Api) -> None:
    one = await api.headers(integrator="Shared")
    two = await api.headers(integrator="Shared")
    document_id = await create_document(api, one)
    assert (await api.http.get(f"/documents/{document_id}", headers=two)).status_code == 200
    assert (await append(api, two, document_id, make_event())).status_code == 201


async def test_another_integrators_document_is_404(api: Api) -> None:
    owner = await api.headers()
    stranger = await api.headers()
    document_id = await create_document(api, owner)
    for response in (
        await api.http.get(f"/documents/{document_id}", headers=stranger),
        await append(api, stranger, document_id, make_event()),
        await api.http.post(
            "/documents/events",
            json={"documentId": document_id, "events": [make_event()]},
            headers=stranger,
        ),
    ):
        assert response.status_code == 404
        assert error_of(response)["code"] == "objectNotFound"


async def test_auditor_reads_everything_in_its_environment_and_writes_nothing(api: Api) -> None:
    owner = await api.headers()
    auditor = await api.headers(role="auditor")
    prod_owner = await api.headers(env="PROD")
    document_id = await create_document(api, owner)
    prod_id = await create_document(api, prod_owner)
    assert (await api.http.get(f"/documents/{document_id}", headers=auditor)).status_code == 200
    assert (await api.http.get(f"/documents/{prod_id}", headers=auditor)).status_code == 404
    response = await append(api, auditor, document_id, make_event())
    assert response.status_code == 403
    created = await api.http.post("/documents", json=make_document(), headers=auditor)
    assert created.status_code == 403
