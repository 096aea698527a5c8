"""The Explorer in a real browser against a real ``massid serve``: search, open, read safely."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.async_api import async_playwright

from tests.e2e.browser import CHROMIUM_ARGS, create_client, require_chromium
from tests.e2e.server import ServerProcess
from tests.public_seed import EXTERNAL_ID, SECRETS, seed_massid

pytestmark = pytest.mark.e2e


async def bearer(http: httpx.AsyncClient, credentials: dict[str, str]) -> dict[str, str]:
    response = await http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["clientId"], credentials["clientSecret"]),
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_search_open_and_read_a_massid_in_chromium(
    tmp_path: Path, server_database: str, output_dir: Path
) -> None:
    chromium = require_chromium()
    kind = server_database.split(":", 1)[0].split("+", 1)[0]
    with ServerProcess(tmp_path, server_database) as server:
        credentials = create_client(server)
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            document_id = await seed_massid(http, await bearer(http, credentials))
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS, headless=True
            )
            page = await browser.new_page(viewport={"width": 1200, "height": 900})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            await page.goto(f"{server.url}/explorer/")
            await page.fill("#q", EXTERNAL_ID)
            await page.click("form.search button[type=submit]")
            await page.wait_for_selector("a.result-title")
            await page.click(f'a[href="/explorer/document/{document_id}"]')
            await page.wait_for_selector("#timeline .event")
            assert page.url == f"{server.url}/explorer/document/{document_id}"
            events = await page.locator("#timeline .event-name").all_inner_texts()
            assert events[-5:] == ["Pick-up", "Weighing", "Drop-off", "Sorting", "Recycled"]
            assert "AB****3" in await page.locator("#timeline").inner_text()
            html = await page.content()
            for secret in [*SECRETS, credentials["clientId"]]:
                assert secret not in html, secret
            await page.screenshot(path=output_dir / f"explorer-document-{kind}.png", full_page=True)
            # Readable on a phone: nothing wider than the screen.
            await page.set_viewport_size({"width": 390, "height": 844})
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390
            await page.screenshot(path=output_dir / f"explorer-document-{kind}-phone.png")
            await browser.close()
        assert requested and all(url.startswith(server.url) for url in requested), requested
