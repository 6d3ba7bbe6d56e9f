"""The data classes the detect stage assigns, as the exact strings the judge and reports use."""

from __future__ import annotations

EMAIL = "email"
PHONE = "phone"
PERSON_NAME = "person_name"
ADDRESS = "address"
NATIONAL_ID_DK = "national_id.dk"
NATIONAL_ID_SE = "national_id.se"
NATIONAL_ID_NO = "national_id.no"
NATIONAL_ID_FI = "national_id.fi"
NATIONAL_ID_US = "national_id.us"
NATIONAL_ID_GB = "national_id.gb"
IBAN = "iban"
CARD_NUMBER = "card_number"
IP_ADDRESS = "ip_address"
NOTE = "free_text.note"
PRIVATE_KEY = "secret.private_key"
CERTIFICATE = "secret.certificate"
API_KEY = "secret.api_key"
CLOUD_KEY = "secret.cloud_key"
PASSWORD = "secret.password"
CONNECTION_STRING = "secret.connection_string"
JWT = "secret.jwt"
INTERNAL_HOST = "internal_host"
CANARY = "canary"

ALL: tuple[str, ...] = (
    EMAIL,
    PHONE,
    PERSON_NAME,
    ADDRESS,
    NATIONAL_ID_DK,
    NATIONAL_ID_SE,
    NATIONAL_ID_NO,
    NATIONAL_ID_FI,
    NATIONAL_ID_US,
    NATIONAL_ID_GB,
    IBAN,
    CARD_NUMBER,
    IP_ADDRESS,
    NOTE,
    PRIVATE_KEY,
    CERTIFICATE,
    API_KEY,
    CLOUD_KEY,
    PASSWORD,
    CONNECTION_STRING,
    JWT,
    INTERNAL_HOST,
    CANARY,
)
"""Every data class the built-in recognizers emit (besides ``national_id.<cc>`` for the other
countries Presidio covers: es, it, pl, sg, au, in, kr, tr, de, ca, za)."""

CONTAINERS: frozenset[str] = frozenset({NOTE})
"""Classes that describe a whole text and so never compete with the values found inside it."""
