"""Redacting rule comments of everything the public view hides."""

from __future__ import annotations

from massid.domain.masking import hidden_values, redact, redactor


def test_hidden_values_are_what_the_owner_sees_and_the_public_does_not() -> None:
    owner = {
        "title": "Lote 7",
        "value": 980,
        "primaryParticipant": {"name": "Fazenda Sigilosa", "taxId": "12345678000190"},
        "externalEvents": [
            {
                "sequence": 12,
                "value": 1000.5,
                "metadata": {
                    "attributes": [
                        {"name": "Vehicle License Plate", "value": "ABC-1D23", "isPublic": True}
                    ]
                },
            },
        ],
    }
    public = {
        "title": "Lote 7",
        "value": 980,
        "externalEvents": [
            {
                "metadata": {
                    "attributes": [
                        {"name": "Vehicle License Plate", "value": "AB*-***3", "isPublic": True}
                    ]
                }
            },
        ],
    }
    hidden = hidden_values(owner, public)
    assert {"Fazenda Sigilosa", "12345678000190", "ABC-1D23", "1000.5"} <= hidden
    assert "Lote 7" not in hidden and "980" not in hidden
    assert "12" not in hidden  # structural numbers are not measured values


def test_redact_replaces_whole_tokens_longest_first() -> None:
    pattern = redactor({"ABC-1D23", "ABC", "1000.5", "Fazenda Sigilosa"})
    comment = "Plate 'ABC-1D23' of Fazenda Sigilosa weighed 1000.5 kg, not 10000.5; ABCD stays"
    assert redact(comment, pattern) == (
        "Plate '[hidden]' of [hidden] weighed [hidden] kg, not 10000.5; ABCD stays"
    )
    assert redact("nothing to hide", redactor(set())) == "nothing to hide"


def test_vocabulary_of_private_events_is_not_hidden() -> None:
    owner = {
        "category": "MassID",
        "externalEvents": [
            {
                "name": "RELATED",
                "isPublic": False,
                "relatedDocument": {
                    "documentId": "d-1",
                    "category": "Methodology",
                    "type": "GasID",
                },
                "metadata": {"attributes": [{"name": "Secret Memo", "value": "pssst"}]},
            }
        ],
    }
    hidden = hidden_values(owner, {"category": "MassID", "externalEvents": []})
    assert "GasID" not in hidden and "RELATED" not in hidden and "Secret Memo" not in hidden
    assert {"pssst", "d-1"} <= hidden
