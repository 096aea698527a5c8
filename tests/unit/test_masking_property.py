"""Property test of privacy.md: the public view never contains a value the rules hide.

Documents are generated with random nesting of public/private/sensitive flags, participants and
roles. Every generated text is a unique token, so "hidden" is checked by searching the whole
serialised public view for it. The oracle below restates the rules independently of the code.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from massid.domain.masking import Audience, mask_text, public_view, view_for

SALT = b"property-test-salt-0123"
ROLES = [
    "Waste Generator",
    "Hauler",
    "Processor",
    "Recycler",
    "Integrator",
    "Network Integrator",
    "Bin Custodian",
    "Waste Manager",
    "Sponsor",
]
_counter = itertools.count()


def token(kind: str) -> str:
    return f"{kind}{next(_counter):07d}q"


@st.composite
def participants(draw: st.DrawFn) -> dict[str, Any]:
    person: dict[str, Any] = {
        "id": token("pid"),
        "name": token("name"),
        "countryCode": "BR",
        "taxId": token("tax"),
        "taxIdType": "CNPJ",
        "type": draw(st.sampled_from(["COMPANY", "PERSON"])),
    }
    for optional in ("businessName", "email", "phone"):
        if draw(st.booleans()):
            person[optional] = token(optional)
    return person


@st.composite
def addresses(draw: st.DrawFn) -> dict[str, Any]:
    address = {
        "id": token("aid"),
        "street": token("street"),
        "number": token("num"),
        "neighborhood": token("hood"),
        "city": token("city"),
        "countryState": "SP",
        "countryCode": "BR",
        "zipCode": token("zip"),
        # Four decimals off the 0.1° grid, so the exact coordinate must not survive.
        "latitude": draw(st.integers(-899, 899)) / 10 + 0.0123,
        "longitude": draw(st.integers(-1799, 1799)) / 10 + 0.0456,
    }
    for optional in ("name", "complement"):
        if draw(st.booleans()):
            address[optional] = token(optional)
    return address


@st.composite
def attributes(draw: st.DrawFn) -> dict[str, Any]:
    value = draw(
        st.sampled_from(["text", "int", "float", "date", "object"]).map(
            lambda kind: {
                "text": lambda: token("val"),
                "int": lambda: 7_000_000_000 + next(_counter),
                "float": lambda: 8_000_000.25 + next(_counter),
                "date": lambda: f"{5000 + next(_counter) % 4000}-01-15",
                "object": lambda: {"documentId": token("ref")},
            }[kind]()
        )
    )
    attribute: dict[str, Any] = {"name": token("attr"), "value": value}
    attribute["isPublic"] = draw(st.booleans())
    flag = draw(st.sampled_from([None, "sensitive", "sensible"]))
    if flag is not None:
        attribute[flag] = draw(st.booleans())
    if draw(st.booleans()):
        attribute["format"] = draw(st.sampled_from(["KILOGRAM", "DATE", "LITER"]))
    return attribute


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    people = draw(st.lists(participants(), min_size=1, max_size=4))
    places = draw(st.lists(addresses(), min_size=1, max_size=3))
    events = []
    for sequence in range(1, draw(st.integers(0, 8)) + 1):
        name = draw(st.sampled_from(["ACTOR", "ACTOR", "Pick-up", "Weighing", "Sorting", "X"]))
        event: dict[str, Any] = {
            "id": token("eid"),
            "sequence": sequence,
            "name": name,
            "externalCreatedAt": "2026-01-10T10:00:00.000Z",
            "createdAt": "2026-01-10T10:00:00.000Z",
            "isPublic": draw(st.booleans()),
            "participant": dict(draw(st.sampled_from(people))),
            "address": dict(draw(st.sampled_from(places))),
            "author": {"clientId": token("client"), "participantId": token("integ")},
            "deduplicationId": token("dedup"),
            "externalId": token("extev"),
            "metadata": {"attributes": draw(st.lists(attributes(), max_size=4))},
            "attachments": [
                {"fileName": token("file"), "isPublic": draw(st.booleans()), "label": token("lbl")}
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
        if name == "ACTOR":
            event["label"] = draw(st.sampled_from(ROLES))
            flag = draw(st.sampled_from([None, True, False]))
            if flag is not None:
                event["preserveSensitiveData"] = flag
        events.append(event)
    return {
        "id": token("doc"),
        "category": "MassID",
        "type": "Organic",
        "value": 1000,
        "currentValue": 990,
        "status": "OPEN",
        "isPublic": True,
        "isPubliclySearchable": draw(st.booleans()),
        "deduplicationId": token("dedup"),
        "author": {"clientId": token("client"), "participantId": token("integ")},
        "primaryParticipant": dict(draw(st.sampled_from(people))),
        "primaryAddress": dict(draw(st.sampled_from(places))),
        "attachments": [],
        "externalEvents": events,
    }


def oracle_private_ids(document: dict[str, Any]) -> set[str]:
    """privacy.md's five steps, restated over the generated document."""
    everyone: dict[str, list[dict[str, Any]]] = {}
    actors: dict[str, list[dict[str, Any]]] = {}
    everyone.setdefault(document["primaryParticipant"]["id"], []).append(
        document["primaryParticipant"]
    )
    for event in document["externalEvents"]:
        everyone.setdefault(event["participant"]["id"], []).append(event["participant"])
        if event["name"] == "ACTOR":
            actors.setdefault(event["participant"]["id"], []).append(event)
    private = set()
    for key, seen in everyone.items():
        acts = actors.get(key, [])
        roles = {event["label"] for event in acts}
        flags = [event.get("preserveSensitiveData") for event in acts]
        known_public = roles & {"Processor", "Recycler", "Integrator", "Network Integrator"}
        known_private = roles & {"Waste Generator", "Hauler", "Bin Custodian", "Waste Manager"}
        if True in flags or "Waste Generator" in roles:
            is_public = False
        elif ("Hauler" in roles and roles & {"Recycler", "Processor"}) or False in flags:
            is_public = True  # steps 3 and 4
        elif known_public or known_private:
            is_public = not known_private
        else:
            is_public = all(person["type"] == "COMPANY" for person in seen)
        if not is_public:
            private.add(key)
    return private


def needle(value: Any) -> str:
    """The text a leaked value would leave in the serialised view."""
    if isinstance(value, dict):
        return str(value["documentId"])
    return value if isinstance(value, str) else repr(value)


def hidden_and_shown(document: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Strings the rules hide, and strings they must show, in the public view."""
    hidden: set[str] = {document["deduplicationId"], document["author"]["clientId"]}
    shown: set[str] = set()
    private = oracle_private_ids(document)
    people = [document["primaryParticipant"]] + [
        e["participant"] for e in document["externalEvents"]
    ]
    places = [document["primaryAddress"]] + [e["address"] for e in document["externalEvents"]]
    for person in people:
        hidden.update(str(person[f]) for f in ("taxId", "email", "phone") if f in person)
        if person["id"] in private:
            hidden.update(str(person[f]) for f in ("id", "name", "businessName") if f in person)
    for place in places:
        fields = ("street", "number", "complement", "zipCode", "name", "neighborhood", "id")
        hidden.update(str(place[f]) for f in fields if f in place)
        hidden.update({repr(place["latitude"]), repr(place["longitude"])})
    for event in document["externalEvents"]:
        hidden.update({event["deduplicationId"], event["author"]["clientId"]})
        for attachment in event["attachments"]:
            if not (event["isPublic"] and attachment["isPublic"]):
                hidden.add(attachment["fileName"])
        for attribute in event["metadata"]["attributes"]:
            text = needle(attribute["value"])
            if not (event["isPublic"] and attribute["isPublic"]):
                hidden.update({attribute["name"], text})
            elif attribute.get("sensitive") or attribute.get("sensible"):
                hidden.add(text)
                value = attribute["value"]
                is_text = isinstance(value, str) and value.startswith("val")
                if is_text and attribute.get("format") != "DATE":
                    shown.add(mask_text(value))
            else:
                shown.add(text)
        if event["isPublic"] and event["participant"]["id"] not in private:
            shown.add(event["participant"]["name"])
    return hidden, shown


@settings(max_examples=300, deadline=None)
@given(documents())
def test_public_view_contains_no_value_the_rules_hide(document: dict[str, Any]) -> None:
    text = json.dumps(public_view(document, salt=SALT), ensure_ascii=False)
    hidden, shown = hidden_and_shown(document)
    leaked = sorted(value for value in hidden if value in text)
    assert not leaked, leaked
    missing = sorted(value for value in shown if value not in text)
    assert not missing, missing
    public_events = [event for event in document["externalEvents"] if event["isPublic"]]
    assert len(public_view(document, salt=SALT)["externalEvents"]) == len(public_events)


@settings(max_examples=100, deadline=None)
@given(documents())
def test_owner_and_auditor_views_equal_the_stored_data(document: dict[str, Any]) -> None:
    stored = json.loads(json.dumps(document))
    for audience in (Audience.OWNER, Audience.AUDITOR):
        view = view_for(audience, document, salt=SALT)
        assert view == stored
        assert view is not document
    assert view_for(Audience.PUBLIC, document, salt=SALT) == public_view(document, salt=SALT)
