"""The Explorer's pages over ASGI, on SQLite and PostgreSQL: content, masking, escaping."""

from __future__ import annotations

import re

from tests.api.helpers import create_document
from tests.conftest import Api
from tests.factories import make_event
from tests.public_seed import EXTERNAL_ID, HOSTILE, PLATE, SECRETS, seed_massid

URL_ATTRIBUTE = re.compile(r'(?:src|href|action|xlink:href)="([^"]*)"')


async def seeded(api: Api, **options: object) -> str:
    return await seed_massid(api.http, await api.headers(env="PROD"), **options)


async def test_search_page_finds_a_public_massid(api: Api) -> None:
    document_id = await seeded(api)
    response = await api.http.get("/explorer/", params={"q": EXTERNAL_ID.lower()})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'href="/explorer/document/{document_id}"' in response.text
    assert "Food waste batch 0001" in response.text and "São Paulo" in response.text
    empty = await api.http.get("/explorer/", params={"city": "Nowhere"})
    assert "No public document matches" in empty.text


async def test_search_page_pages_with_a_next_link_keeping_filters(api: Api) -> None:
    headers = await api.headers(env="PROD")
    for _ in range(21):
        await create_document(api, headers)
    first = await api.http.get("/explorer/", params={"category": "MassID"})
    found = re.search(r'class="next" href="([^"]+)"', first.text)
    assert found is not None
    href = found.group(1).replace("&amp;", "&")
    assert "category=MassID" in href
    second = await api.http.get(href)
    assert second.status_code == 200 and second.text.count('class="result-title"') == 1


async def test_document_page_shows_the_chain_and_hides_what_is_private(api: Api) -> None:
    document_id = await seeded(api)
    response = await api.http.get(f"/explorer/document/{document_id}")
    assert response.status_code == 200
    html = response.text
    for secret in SECRETS:
        assert secret not in html, secret
    for shown in (
        'id="timeline"',
        "Pick-up",
        "Weighing",
        "Sorting",
        "Recycled",
        "AB****3",
        "<em>hidden</em>",
        "Compostagem Verde SA",
        "Private participant #",
        "Waste Generator",
        "Weighing Ticket",
        "Invoice <small>(private)</small>",
        "1,000 kg",
        "950 kg",
        "São Paulo, SP, BR",
        "Campinas, SP, BR",
        "<svg",
        "Pick-up 1,000 kg → Weighing 990 kg → Sorting 950 kg → Recycled 950 kg",
    ):
        assert shown in html, shown
    assert "Internal Note" not in html and PLATE not in html


async def test_every_value_is_escaped(api: Api) -> None:
    document_id = await seeded(api, hostile=True)
    html = (await api.http.get(f"/explorer/document/{document_id}")).text
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert html.count("&lt;script&gt;") >= 4  # title, participant name, attribute value and name
    search = (await api.http.get("/explorer/", params={"q": HOSTILE})).text
    assert "<script" not in search


async def test_pages_need_nothing_from_outside_and_forbid_scripts(api: Api) -> None:
    document_id = await seeded(api)
    for path in ("/explorer/", f"/explorer/document/{document_id}"):
        response = await api.http.get(path)
        for url in URL_ATTRIBUTE.findall(response.text):
            assert url.startswith(("/", "#")), url
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy
        assert "<script" not in response.text
    css = await api.http.get("/explorer/static/explorer.css")
    assert css.status_code == 200 and "url(" not in css.text and "@import" not in css.text


async def test_document_page_links_related_documents_when_public(api: Api) -> None:
    headers = await api.headers(env="PROD")
    document_id = await seeded(api)
    hidden = await create_document(api, headers, isPublic=False)
    response = await api.http.post(
        "/documents/events",
        headers=headers,
        json={
            "documentId": (parent := await create_document(api, headers)),
            "events": [
                make_event("RELATED", 1, relatedDocument={"documentId": hidden}),
                make_event("SPLIT", 2, value=10),
            ],
        },
    )
    assert response.status_code == 201, response.text
    child = response.json()["events"][1]["createdDocumentId"]
    html = (await api.http.get(f"/explorer/document/{parent}")).text
    assert f'href="/explorer/document/{child}"' in html
    assert f"<code>{hidden}</code> <small>(not public)</small>" in html
    assert f'href="/explorer/document/{hidden}"' not in html
    child_html = (await api.http.get(f"/explorer/document/{child}")).text
    assert f'href="/explorer/document/{parent}"' in child_html and "Parent" in child_html
    assert document_id not in html


async def test_missing_private_and_bad_requests_get_html_errors(api: Api) -> None:
    private = await create_document(api, await api.headers(env="PROD"), isPublic=False)
    for path in (f"/explorer/document/{private}", "/explorer/document/nope"):
        response = await api.http.get(path)
        assert response.status_code == 404
        assert "There is no public document with this id." in response.text
    bad = await api.http.get("/explorer/", params={"cursor": "nope"})
    assert bad.status_code == 400 and "Invalid search" in bad.text
    redirect = await api.http.get("/explorer")
    assert redirect.status_code == 308 and redirect.headers["location"] == "/explorer/"
