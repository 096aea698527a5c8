"""#12 transport-manifest-data and #19 recycling-manifest-data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.methodology_factories import attr, set_attr
from tests.methodology_scenario import Scenario, check_rule, combine

Mutation = Callable[[Scenario], None]
TRANSPORT = "Transport Manifest"
RECYCLING = "Recycling Manifest"


def _attr(manifest: str, name: str, value: Any, format: str | None = None) -> Mutation:
    return lambda s: set_attr(s.event(manifest), name, value, format)


def _attachments(manifest: str, labels: list[str] | None) -> Mutation:
    def mutate(s: Scenario) -> None:
        event = s.event(manifest)
        if labels is None:
            event.pop("attachments", None)
        else:
            event["attachments"] = [
                {"fileName": f"{i}.pdf", "isPublic": False, "label": label}
                for i, label in enumerate(labels)
            ]

    return mutate


def _recycler_abroad(s: Scenario) -> None:
    # The Recycling Manifest is at the recycler's address, so it moves abroad too.
    for event in (s.actor("Recycler"), s.event(RECYCLING)):
        event["address"]["countryCode"] = "PT"


JUSTIFY = "Exemption Justification"


def cases(manifest: str, expected: str, wrong: str) -> list[Any]:
    return [
        pytest.param(lambda s: None, "PASSED", ("attached",), id="attached"),
        pytest.param(lambda s: s.remove(manifest), "FAILED", (f"No {manifest}",), id="missing"),
        pytest.param(
            lambda s: s.remove("ACTOR", "Recycler"), "FAILED", ("No Recycler",), id="no-recycler"
        ),
        pytest.param(
            _attachments(manifest, ["Invoice"]), "FAILED", ("no attachment is labelled",), id="lbl"
        ),
        pytest.param(
            combine(_attachments(manifest, None), _attr(manifest, JUSTIFY, "Issued on paper")),
            "PASSED",
            ("exempted",),
            id="justified",
        ),
        pytest.param(
            _attachments(manifest, None), "FAILED", (f"attach the {manifest}",), id="no-attachment"
        ),
        pytest.param(
            _attr(manifest, JUSTIFY, "Issued on paper"), "FAILED", ("keep one",), id="both"
        ),
        pytest.param(
            _attr(manifest, "Document Type", None), "FAILED", ("no Document Type",), id="no-type"
        ),
        pytest.param(
            _attr(manifest, "Document Type", wrong),
            "FAILED",
            (f"must be {expected} in Brazil",),
            id="wrong-type",
        ),
        pytest.param(
            combine(_recycler_abroad, _attr(manifest, "Document Type", "Waybill")),
            "PASSED",
            (),
            id="any-type-abroad",
        ),
        pytest.param(
            _attr(manifest, "Document Number", " "), "FAILED", ("no Document Number",), id="no-nr"
        ),
        pytest.param(
            _attr(manifest, "Issue Date", None), "FAILED", ("no Issue Date",), id="no-date"
        ),
        pytest.param(
            _attr(manifest, "Issue Date", "2026-01-05", "KILOGRAM"),
            "FAILED",
            ("format DATE",),
            id="date-format",
        ),
    ]


@pytest.mark.parametrize(("mutate", "status", "words"), cases(TRANSPORT, "MTR", "CDF"))
async def test_transport_manifest_data(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "transport-manifest-data", status, words)


def _elsewhere(s: Scenario) -> None:
    s.event(RECYCLING)["address"]["street"] = "Rua Outra"


RECYCLING_ONLY = [
    pytest.param(_elsewhere, "FAILED", ("not the Recycler's address",), id="address"),
]


@pytest.mark.parametrize(
    ("mutate", "status", "words"), cases(RECYCLING, "CDF", "MTR") + RECYCLING_ONLY
)
async def test_recycling_manifest_data(
    mutate: Mutation, status: str, words: tuple[str, ...]
) -> None:
    scenario = Scenario()
    mutate(scenario)
    await check_rule(scenario, "recycling-manifest-data", status, words)


async def test_a_transport_manifest_may_be_anywhere() -> None:
    scenario = Scenario()
    scenario.event(TRANSPORT)["address"]["street"] = "Rua Outra"
    scenario.event(TRANSPORT)["metadata"]["attributes"].append(attr("Note", "x"))
    await check_rule(scenario, "transport-manifest-data", "PASSED", ())
