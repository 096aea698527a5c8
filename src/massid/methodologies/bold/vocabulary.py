"""The exact strings of the BOLD model (methodology-reference.md §2–§4): names, labels, enums."""

from __future__ import annotations

# Re-exported, so the BOLD vocabulary stays in one place.
from massid.domain.kinds import CERTIFICATE_TYPES as CERTIFICATE_TYPES
from massid.domain.kinds import CREDIT_ORDER as CREDIT_ORDER
from massid.domain.kinds import GAS_ID as GAS_ID
from massid.domain.kinds import MASS_ID_AUDIT as MASS_ID_AUDIT
from massid.domain.kinds import METHODOLOGY as METHODOLOGY
from massid.domain.kinds import RECYCLED_ID as RECYCLED_ID

# Document categories, types and subtypes (§2.2).
MASS_ID = "MassID"
ORGANIC = "Organic"
PROCESS = "Process"
DEFINITION = "Definition"
PARTICIPANT_ACCREDITATION = "Participant Accreditation"
KG = "kg"

# MassID organic subtypes and their CDM TOOL04 codes (Tobacco has none).
SUBTYPE_CDM_CODES: dict[str, str | None] = {
    "Domestic Sludge": "8.7C",
    "EFB similar to Garden, Yard and Park Waste": "8.7A",
    "Food, Food Waste and Beverages": "8.3",
    "Garden, Yard and Park Waste": "8.5",
    "Industrial Sludge": "8.7B",
    "Others (if organic)": "8.7D",
    "Tobacco": None,
    "Wood and Wood Products": "8.1",
}
ORGANIC_SUBTYPES = frozenset(SUBTYPE_CDM_CODES)
OTHERS_IF_ORGANIC = "Others (if organic)"

# Event names (§3.2).
ACTOR = "ACTOR"
PICK_UP = "Pick-up"
TRANSPORT_MANIFEST = "Transport Manifest"
WEIGHING = "Weighing"
DROP_OFF = "Drop-off"
SORTING = "Sorting"
RECYCLING_MANIFEST = "Recycling Manifest"
RECYCLED = "Recycled"
RELATED = "RELATED"
CLOSE = "CLOSE"
RULE_EXECUTION = "RULE EXECUTION"
RESULT_PREFIX = "Result: MassID "
ACCREDITATION_RESULT = "Accreditation Result"
FACILITY_ADDRESS = "Facility Address"
METRICS = "Emissions & Composting Metrics"
MONITORING = "Monitoring Systems & Equipment"
ONBOARDING = "Onboarding Declaration"
CARBON_CHARACTERIZATION = "Organic Waste Carbon Characterization"

# ACTOR labels (§4.1).
WASTE_GENERATOR = "Waste Generator"
HAULER = "Hauler"
PROCESSOR = "Processor"
RECYCLER = "Recycler"
INTEGRATOR = "Integrator"
MASS_ID_ROLES = (WASTE_GENERATOR, HAULER, PROCESSOR, RECYCLER, INTEGRATOR)
NETWORK = "Network"
METHODOLOGY_AUTHOR = "Methodology Author"
METHODOLOGY_DEVELOPER = "Methodology Developer"
COMMUNITY_IMPACT_POOL = "Community Impact Pool"
METHODOLOGY_ROLES = (NETWORK, METHODOLOGY_AUTHOR, METHODOLOGY_DEVELOPER, COMMUNITY_IMPACT_POOL)

# Attribute names (§3.3, §4.2).
VEHICLE_TYPE = "Vehicle Type"
VEHICLE_PLATE = "Vehicle License Plate"
VEHICLE_DESCRIPTION = "Vehicle Description"
DRIVER_IDENTIFIER = "Driver Identifier"
DRIVER_EXEMPTION = "Driver Identifier Exemption Justification"
WASTE_ORIGIN = "Waste Origin"
UNIDENTIFIED = "Unidentified"
LOCAL_CODE = "Local Waste Classification ID"
LOCAL_DESCRIPTION = "Local Waste Classification Description"
GPS_LATITUDE = "Captured GPS Latitude"
GPS_LONGITUDE = "Captured GPS Longitude"
DOCUMENT_TYPE = "Document Type"
DOCUMENT_NUMBER = "Document Number"
ISSUE_DATE = "Issue Date"
EXEMPTION_JUSTIFICATION = "Exemption Justification"
CAPTURE_METHOD = "Weighing Capture Method"
SCALE_TYPE = "Scale Type"
CONTAINER_TYPE = "Container Type"
CONTAINER_QUANTITY = "Container Quantity"
CONTAINER_CAPACITY = "Container Capacity"
GROSS_WEIGHT = "Gross Weight"
TARE = "Tare"
DESCRIPTION = "Description"
DEDUCTED_WEIGHT = "Deducted Weight"
RECEIVING_OPERATOR = "Receiving Operator Identifier"
EFFECTIVE_DATE = "Effective Date"
EXPIRATION_DATE = "Expiration Date"
ACCREDITATION_STATUS = "Accreditation Status"
APPROVED_EXCEPTIONS = "Approved Exceptions"
ADDITIONAL_VERIFICATIONS = "Required Additional Verifications"
REFERENCE_YEAR = "Reference Year"
SORTING_FACTOR = "Sorting Factor"
EXCEEDING_COEFFICIENT = "Exceeding Emission Coefficient (per ton)"
BASELINES = "Baselines"
GHG_TYPE = "Greenhouse Gas Type (GHG)"
CARBON_FRACTION = "Carbon Fraction"
MOISTURE_FRACTION = "Moisture Fraction"
CARBON_ANALYSIS_DATE = "Carbon Analysis Date"
METHODOLOGY_SLUG = "Methodology Slug"
EVALUATION_RESULT = "Evaluation Result"
# Certificates and credit orders (§2.3): the rewards event and the price of one credit.
REWARDS_DISTRIBUTION = "rewards-distribution"
SLUG = "Slug"
RULE_RESULT_DETAILS = "Rule Result Details"
CREDITS = "Credits"
CREDIT_UNIT_PRICE = "Credit Unit Price"
CREDIT_SYMBOL = "Credit Symbol"
BUSINESS_SIZE = "Business Size Declaration"

# Enumerations (§3.4).
VEHICLE_TYPES = frozenset(
    {
        "Bicycle",
        "Boat",
        "Car",
        "Cargo Ship",
        "Cart",
        "Mini Van",
        "Motorcycle",
        "Others",
        "Sludge Pipes",
        "Truck",
    }
)
WEIGHBRIDGES = frozenset({"Weighbridge (Truck Scale)", "Weighbridge"})
SCALE_TYPES = frozenset(
    {
        "Bin Scale",
        "Conveyor Belt Scale",
        "Floor Scale",
        "Forklift Scale",
        "Hanging / Crane Scale",
        "Onboard Truck Scale",
        "Pallet Scale",
        "Portable Axle Weigher",
        "Precision / Bench Scale",
        *WEIGHBRIDGES,
    }
)
CONTAINER_TYPES = frozenset({"Bag", "Bin", "Drum", "Pail", "Street Bin", "Truck", "Waste Box"})
CAPTURE_METHODS = frozenset({"Digital", "Manual", "Photo (Scale + Cargo)", "Transport Manifest"})
ATTRIBUTE_FORMATS = frozenset({"KILOGRAM", "LITER", "CUBIC_METER", "DATE"})
KILOGRAM = "KILOGRAM"
DATE = "DATE"
WITH_FLARING = "Landfills with flaring of methane gas (and/or capture of biogas)"
WITHOUT_FLARING = "Landfills without flaring of methane gas"
OPEN_AIR_DUMP = "Open-air dump"
BASELINE_TYPES = (WITH_FLARING, WITHOUT_FLARING, OPEN_AIR_DUMP)
APPROVED = "Approved"
EXEMPTION_FOR_MANDATORY_ATTRIBUTE = "Exemption for Mandatory Attribute"
MTR = "MTR"
CDF = "CDF"
BRAZIL = "BR"
