"""The Explorer in a real browser against a real ``massid serve``: search, open, read safely."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import async_playwright

from tests.api.helpers import upload_files
from tests.e2e.browser import CHROMIUM_ARGS, create_client, require_chromium
from tests.e2e.server import ServerProcess
from tests.e2e.test_verify_cli import YEARS
from tests.methodology_factories import make_accreditations, make_massid, shift_years
from tests.public_seed import EXTERNAL_ID, SECRETS, seed_massid

# Values of the canonical MassID that are sensitive or never public: plate, driver, tax ids,
# the private waste generator's name and street.
CANONICAL_SECRETS = (
    "ABC-1D23", "DRV-001", "11222333000181", "33444555000103", "Restaurante Bom Sabor",
    "Rua Augusta",
)  # fmt: skip

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


def seed_methodologies(server: ServerProcess) -> None:
    seeded = subprocess.run(
        [sys.executable, "-m", "massid", "methodologies", "seed", "--env", "PROD"],
        cwd=server.workdir, env=server.env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr


async def seed_verified_massid(server: ServerProcess) -> tuple[str, list[str]]:
    """Accreditations and a canonical MassID in PROD, verified under both methodologies."""
    seed_methodologies(server)
    accreditor = create_client(server, role="accreditor")
    integrator = create_client(server)
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        writer = await bearer(http, accreditor)
        for payload in make_accreditations().values():
            await submit_payload(http, writer, shift_years(payload, YEARS))
        headers = await bearer(http, integrator)
        document_id = await submit_payload(http, headers, shift_years(make_massid(), YEARS))
        for methodology in ("bold-recycling", "bold-carbon"):
            response = await http.post(
                f"/documents/{document_id}/verifications",
                json={"methodology": methodology},
                headers=headers,
            )
            assert response.status_code == 201, response.text
            assert response.json()["status"] == "PASSED", response.text
    return document_id, [integrator["clientId"], accreditor["clientId"]]


async def submit_payload(
    http: httpx.AsyncClient, headers: dict[str, str], payload: dict[str, Any]
) -> str:
    created = await http.post("/documents", json=payload["document"], headers=headers)
    assert created.status_code == 201, created.text
    document_id = str(created.json()["id"])
    await upload_files(http, headers, document_id, payload["events"])
    batch = {"documentId": document_id, "events": payload["events"]}
    appended = await http.post("/documents/events", json=batch, headers=headers)
    assert appended.status_code == 201, appended.text
    return document_id


async def test_rule_results_and_credits_of_a_verified_massid(
    tmp_path: Path, server_database: str, output_dir: Path
) -> None:
    chromium = require_chromium()
    kind = server_database.split(":", 1)[0].split("+", 1)[0]
    with ServerProcess(tmp_path, server_database) as server:
        document_id, client_ids = await seed_verified_massid(server)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS, headless=True
            )
            page = await browser.new_page(viewport={"width": 1200, "height": 900})
            await page.goto(f"{server.url}/explorer/document/{document_id}")
            await page.wait_for_selector("#verifications .rules li")
            verifications = await page.locator("#verifications").inner_text()
            assert "bold-recycling" in verifications and "bold-carbon" in verifications
            assert "Uniqueness Check" in verifications and "PASSED" in verifications
            assert len(await page.locator("#verifications .rules li").all()) == 19 + 20
            certificate = await page.locator("#certificate").inner_text()
            assert "GasID" in certificate and "C-CARB.CH4" in certificate
            assert "Waste Generator" in certificate
            html = await page.content()
            for secret in [*CANONICAL_SECRETS, *client_ids]:
                assert secret not in html, secret
            await page.screenshot(path=output_dir / f"explorer-verified-{kind}.png", full_page=True)
            await browser.close()
