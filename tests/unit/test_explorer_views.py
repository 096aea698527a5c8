"""Explorer view models and templates without I/O: charts, route, the verification seam."""

from __future__ import annotations

from typing import Any

from massid.domain.masking import public_view
from massid.explorer.charts import mass_points, route_sketch
from massid.explorer.routes import templates
from massid.explorer.view_models import document_page
from massid.services.public import PublicDocument

SALT = b"unit-salt-0123456789"


def event(name: str, value: float | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "isPublic": True, "sequence": 1, **extra}
    if value is not None:
        body["value"] = value
    return body


def stored(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "0190f000-0000-7000-8000-000000000001",
        "category": "MassID",
        "type": "Organic",
        "status": "CLOSED",
        "value": 1000,
        "currentValue": 900,
        "isPublic": True,
        "primaryParticipant": {"id": "p1", "name": "Gen", "type": "PERSON"},
        "primaryAddress": {"city": "São Paulo", "latitude": -23.6, "longitude": -46.6},
        "externalEvents": list(events),
    }


def render(verifications: list[dict[str, Any]] | None, links: frozenset[str] = frozenset()) -> str:
    document = PublicDocument(public_view(stored(), salt=SALT), links, verifications)
    return templates.get_template("document.html").render(view=document_page(document))


def test_mass_follows_the_chain_and_carries_over_to_recycled() -> None:
    view = stored(
        event("Pick-up", 1000),
        event("Weighing", 990.5),
        event("SPLIT", 90.5),
        event("Sorting"),
        event("Recycled"),
        event("Drop-off", 5),
    )
    assert [(name, str(mass)) for name, mass in mass_points(view)] == [
        ("Pick-up", "1000"),
        ("Weighing", "990.5"),
        ("Sorting", "900.0"),
        ("Recycled", "900.0"),
    ]


def test_route_sketch_collapses_repeats_and_fits_the_box() -> None:
    here = {"city": "São Paulo", "latitude": -23.6, "longitude": -46.6}
    there = {"city": "Campinas", "latitude": -22.9, "longitude": -47.1}
    sketch = route_sketch(stored(event("Pick-up", address=here), event("Weighing", address=there)))
    assert sketch is not None
    assert [stop.label for stop in sketch.stops] == ["São Paulo", "Campinas"]
    for stop in sketch.stops:
        assert 0 <= stop.x <= sketch.width and 0 <= stop.y <= sketch.height
    alone = route_sketch({"primaryAddress": here, "externalEvents": []})
    assert alone is not None and len(alone.stops) == 1


def test_no_verification_section_until_results_are_given() -> None:
    html = render(None)
    assert 'id="verifications"' not in html and 'id="certificate"' not in html


def test_verification_results_render_rule_by_rule_escaped() -> None:
    result = {
        "methodology": "bold-carbon",
        "methodologyVersion": "1.0.0",
        "status": "FAILED",
        "evaluatedAt": "2026-11-26T12:00:00Z",
        "rules": [
            {"slug": "weighing", "name": "Weighing", "status": "PASSED", "comment": "ok"},
            {"slug": "mass-id-sorting", "status": "FAILED", "comment": "<b>sorting</b> off"},
            {"slug": "x", "status": "REVIEW_REQUIRED"},
        ],
        "certificate": {
            "documentId": "0190f000-0000-7000-8000-0000000000c1",
            "type": "GasID",
            "value": 43.9152,
            "measurementUnit": "kg CO2e",
            "credits": "0.043915",
        },
    }
    html = render([result], frozenset({"0190f000-0000-7000-8000-0000000000c1"}))
    assert 'id="verifications"' in html
    assert '<span class="badge badge-pass">PASSED</span>' in html
    assert '<span class="badge badge-fail">FAILED</span>' in html
    assert '<span class="badge badge-review">REVIEW_REQUIRED</span>' in html
    assert "&lt;b&gt;sorting&lt;/b&gt; off" in html and "<b>sorting" not in html
    assert 'href="/explorer/document/0190f000-0000-7000-8000-0000000000c1">GasID' in html
    assert "43.9152 kg CO2e" in html and "0.043915" in html
    assert "This document has not been verified yet." in render([])
