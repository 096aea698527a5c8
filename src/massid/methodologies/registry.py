"""The two methodologies and their rules, in the reference's execution order (§5.2)."""

from __future__ import annotations

from massid.methodologies.bold.classification import regional_waste_classification
from massid.methodologies.bold.eligibility import (
    composting_cycle_timeframe,
    mass_id_qualifications,
    project_period_limit,
)
from massid.methodologies.bold.emissions import prevented_emissions
from massid.methodologies.bold.geolocation import geolocation_and_address_precision
from massid.methodologies.bold.manifests import recycling_manifest_data, transport_manifest_data
from massid.methodologies.bold.participants import (
    hauler_identification,
    participant_accreditations,
    processor_identification,
    recycler_identification,
    waste_origin_identification,
)
from massid.methodologies.bold.sorting import drop_off_at_recycler, mass_id_sorting
from massid.methodologies.bold.strict import strict_rules
from massid.methodologies.bold.transport import driver_identification, vehicle_identification
from massid.methodologies.bold.uniqueness import no_conflicting_certificate, waste_mass_is_unique
from massid.methodologies.bold.vocabulary import GAS_ID, RECYCLED_ID
from massid.methodologies.bold.weighing import weighing
from massid.methodologies.engine import Methodology, Rule

BOLD_RECYCLING = "bold-recycling"
BOLD_CARBON = "bold-carbon"


def _shared(conflict_slug: str) -> tuple[Rule, ...]:
    return (
        Rule("waste-mass-is-unique", "Uniqueness Check", waste_mass_is_unique),
        Rule(conflict_slug, "Certificate Uniqueness Check", no_conflicting_certificate),
        Rule("project-period-limit", "Project Period", project_period_limit),
        Rule(
            "participant-accreditations-and-verifications-requirements",
            "Participant Accreditations and Verifications",
            participant_accreditations,
        ),
        Rule("mass-id-qualifications", "MassID Qualifications", mass_id_qualifications),
        Rule(
            "regional-waste-classification",
            "Local Waste Classification",
            regional_waste_classification,
        ),
        Rule(
            "geolocation-and-address-precision",
            "Geolocation Precision",
            geolocation_and_address_precision,
        ),
        Rule(
            "waste-origin-identification",
            "Waste Origin Identification",
            waste_origin_identification,
        ),
        Rule("hauler-identification", "Hauler Identification", hauler_identification),
        Rule("vehicle-identification", "Vehicle Identification", vehicle_identification),
        Rule("driver-identification", "Driver Identification", driver_identification),
        Rule("transport-manifest-data", "Transport Manifest Data", transport_manifest_data),
        Rule("processor-identification", "Processor Identification", processor_identification),
        Rule("recycler-identification", "Recycler Identification", recycler_identification),
        Rule("weighing", "Weighing", weighing),
        Rule("drop-off-at-recycler", "Drop-off at Recycler", drop_off_at_recycler),
        Rule("mass-id-sorting", "MassID Sorting", mass_id_sorting),
        Rule(
            "composting-cycle-timeframe", "Composting Cycle Timeframe", composting_cycle_timeframe
        ),
        Rule("recycling-manifest-data", "Recycling Manifest Data", recycling_manifest_data),
    )


METHODOLOGIES: dict[str, Methodology] = {
    BOLD_RECYCLING: Methodology(
        slug=BOLD_RECYCLING,
        name="BOLD Recycling",
        version="1.0.0",
        framework_version="1.0.1",
        certificate_type=RECYCLED_ID,
        rules=_shared("no-conflicting-recycled-id-or-credit"),
        strict_rules=strict_rules(carbon=False),
    ),
    BOLD_CARBON: Methodology(
        slug=BOLD_CARBON,
        name="BOLD Carbon (CH₄)",
        version="1.0.0",
        framework_version="1.0.2",
        certificate_type=GAS_ID,
        rules=(
            *_shared("no-conflicting-gas-id-or-credit"),
            Rule("prevented-emissions", "Prevented Emissions", prevented_emissions),
        ),
        strict_rules=strict_rules(carbon=True),
    ),
}


def find_methodology(slug: str) -> Methodology | None:
    """The methodology with ``slug``, or None."""
    return METHODOLOGIES.get(slug)
