"""The canonical passing BOLD graph for the rule tests: it lives in the package
(:mod:`massid.demo.payloads`, which ``massid demo`` builds on); this module names it for the
tests and adds their fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

from massid.demo.payloads import (
    ACCREDITED_AT,
    FOOD,
    GENERATOR,
    GENERATOR_ADDRESS,
    HAULER,
    HAULER_ADDRESS,
    INTEGRATOR,
    INTEGRATOR_ADDRESS,
    METHODOLOGY_PARTIES,
    RECYCLER,
    RECYCLER_ADDRESS,
    ROLES,
    T0,
    WITH_FLARING,
    at,
    attr,
    get_attr,
    make_accreditation,
    make_accreditations,
    make_definition,
    make_event,
    make_massid,
    make_massid_events,
    make_metrics,
    make_party,
    make_place,
    retime,
    set_attr,
    shift_years,
)

# The rule tests' "now": the canonical MassID was recycled a few weeks before.
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)

__all__ = [
    "ACCREDITED_AT",
    "FOOD",
    "GENERATOR",
    "GENERATOR_ADDRESS",
    "HAULER",
    "HAULER_ADDRESS",
    "INTEGRATOR",
    "INTEGRATOR_ADDRESS",
    "METHODOLOGY_PARTIES",
    "NOW",
    "RECYCLER",
    "RECYCLER_ADDRESS",
    "ROLES",
    "T0",
    "WITH_FLARING",
    "at",
    "attr",
    "get_attr",
    "make_accreditation",
    "make_accreditations",
    "make_definition",
    "make_event",
    "make_massid",
    "make_massid_events",
    "make_metrics",
    "make_party",
    "make_place",
    "retime",
    "set_attr",
    "shift_years",
]
