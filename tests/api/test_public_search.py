"""``GET /public/documents``: the search over publicly searchable documents, and the limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from massid.api.app import create_app
from massid.api.public_schemas import PublicPageOut
from massid.bootstrap import build_container
from tests.api.helpers import append, create_document, error_of
from tests.conftest import Api, make_settings
from tests.factories import make_address, make_event


async def search(api: Api, **params: Any) -> Any:
    response = await api.http.get("/public/documents", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def ids(api: Api, **params: Any) -> list[str]:
    return [item["id"] for item in (await search(api, **params))["items"]]


async def test_lists_only_public_and_searchable_documents_newest_first(api: Api) -> None:
    prod = await api.headers(env="PROD")
    first = await create_document(api, prod, externalId="EXT-1")
    second = await create_document(api, prod, externalId="EXT-2")
    await create_document(api, prod, isPubliclySearchable=False)
    await create_document(api, prod, isPublic=False)
    await create_document(api, await api.headers(env="TEST"))
    page = await search(api)
    PublicPageOut.model_validate(page)
    assert [item["id"] for item in page["items"]] == [second, first]
    assert page["nextCursor"] is None
    item = page["items"][0]
    assert item["externalId"] == "EXT-2"
    assert item["primaryAddress"] == {
        "city": "São Paulo",
        "countryState": "SP",
        "countryCode": "BR",
        "latitude": -23.6,
        "longitude": -46.6,
    }
    assert "primaryParticipant" not in item and "deduplicationId" not in item


async def test_filters_and_words(api: Api) -> None:
    prod = await api.headers(env="PROD")
    paulo = await create_document(api, prod, title="Food waste from the market", externalId="A-100")
    campinas = await create_document(
        api,
        prod,
        subtype="Garden, Yard and Park Waste",
        externalId="B-200",
        address=make_address(city="Campinas"),
    )
    other = await create_document(api, prod, category="Methodology", type="Definition")
    assert await ids(api, category="MassID") == [campinas, paulo]
    assert await ids(api, type="Definition") == [other]
    assert await ids(api, subtype="Garden, Yard and Park Waste") == [campinas]
    assert await ids(api, city="sao paulo", category="MassID") == [paulo]
    assert await ids(api, city="CAMPINAS") == [campinas]
    assert await ids(api, q="market FOOD") == [paulo]
    assert await ids(api, q="b-200") == [campinas]
    assert await ids(api, q="campinas") == [campinas]
    assert await ids(api, q=paulo[:13]) == [paulo]
    assert await ids(api, q="market campinas") == []
    assert await ids(api, q="%") == []  # LIKE wildcards are taken literally
    assert await ids(api, q="   ") == [other, campinas, paulo]


async def test_cursor_pages_through_everything_once(api: Api) -> None:
    prod = await api.headers(env="PROD")
    created = [await create_document(api, prod) for _ in range(5)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = await search(api, **params)
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == list(reversed(created)) and pages == 3


async def test_split_children_and_updates_keep_the_search_up_to_date(api: Api) -> None:
    prod = await api.headers(env="PROD")
    parent = await create_document(api, prod)
    split = make_event("SPLIT", 1, value=100, address=make_address(city="Jundiaí"))
    response = await append(api, prod, parent, split)
    child = response.json()["targetDocumentId"]
    assert await ids(api, city="jundiai") == [child]
    hide = make_event("UPDATE", 2, updates={"isPubliclySearchable": False})
    assert (await append(api, prod, child, hide)).status_code == 201
    assert await ids(api, city="jundiai") == []
    assert (await api.http.get(f"/public/documents/{child}")).status_code == 200


async def test_bad_parameters_are_400_naming_the_parameter(api: Api) -> None:
    for params, name in (
        ({"cursor": "not-a-cursor"}, "/cursor"),
        ({"cursor": "AAAA"}, "/cursor"),
        ({"limit": 0}, "/limit"),
        ({"limit": 101}, "/limit"),
        ({"q": "x" * 201}, "/q"),
        ({"q": "a b c d e f g h i"}, "/q"),
        ({"city": "c" * 256}, "/city"),
    ):
        response = await api.http.get("/public/documents", params=params)
        assert response.status_code == 400, params
        error = error_of(response)
        assert error["code"] == "validationError"
        assert error["message"].startswith(name), error["message"]


@asynccontextmanager
async def public_client(
    database_url: str, tmp_path: Path, address: str = "10.9.8.7", **overrides: Any
) -> AsyncIterator[tuple[Api, httpx.AsyncClient]]:
    """An app with its own settings; the second client calls from another address."""
    container = build_container(make_settings(database_url, tmp_path / "data", **overrides))
    app = create_app(container=container)
    first = httpx.ASGITransport(app=app, client=(address, 1234))
    second = httpx.ASGITransport(app=app, client=("10.1.1.1", 1234))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=first, base_url="http://massid.test") as http,
        httpx.AsyncClient(transport=second, base_url="http://massid.test") as other,
    ):
        yield Api(http=http, container=container), other
    await container.close()


async def test_rate_limited_per_source_address(clean_database: str, tmp_path: Path) -> None:
    async with public_client(clean_database, tmp_path, public_rate_limit_per_minute=3) as (
        api,
        other,
    ):
        for _ in range(3):
            response = await api.http.get("/public/documents")
            assert response.status_code == 200
            assert response.headers["RateLimit-Policy"] == '"public";q=3;w=60'
        limited = await api.http.get("/public/documents/0190f000-0000-7000-8000-000000000000")
        assert limited.status_code == 429
        assert limited.json() == {"message": "Too Many Requests"}
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        assert limited.headers["RateLimit"].startswith('"public";r=0;t=')
        assert (await other.get("/public/documents")).status_code == 200
        assert (await api.http.get("/healthz")).status_code == 200  # not a public path
        assert (await api.http.get("/explorer/static/explorer.css")).status_code == 200


async def test_public_limit_can_be_turned_off(clean_database: str, tmp_path: Path) -> None:
    async with public_client(clean_database, tmp_path, public_rate_limit_per_minute=0) as (
        api,
        _,
    ):
        for _ in range(5):
            response = await api.http.get("/public/documents")
            assert response.status_code == 200
            assert "RateLimit" not in response.headers


async def test_public_environment_is_a_setting(clean_database: str, tmp_path: Path) -> None:
    async with public_client(clean_database, tmp_path, public_environment="TEST") as (api, _):
        test_doc = await create_document(api, await api.headers(env="TEST"))
        prod_doc = await create_document(api, await api.headers(env="PROD"))
        assert await ids(api) == [test_doc]
        assert (await api.http.get(f"/public/documents/{prod_doc}")).status_code == 404
        assert (await api.http.get(f"/public/documents/{test_doc}")).status_code == 200
