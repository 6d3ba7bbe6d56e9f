"""What each data class is, said once: every stage and report reads it from this table.

A data class (``Detection.data_class``) names what a value is: ``email``, ``national_id.dk``,
``secret.api_key``. Its row says how reports name it, whether the judge treats it as personal
data, a secret or a canary, whether it makes a finding critical, and which class wins when two
recognizers claim the same characters. The rows below are in the order reports list classes
(personal data, then canaries, then secrets).

Three sources, one lookup (:func:`entry`):

* ``TABLE``: the classes the built-in stages use;
* rows a built-in recognizer declares for a class of its own (a new country's ID is one module
  that declares its row, see ``detect.interface``);
* any other name (a profile's ``data_class``, a custom recognizer's class) gets a derived row:
  its family (``national_id.*``, ``secret.*``) or the nearest listed parent
  (``secret.private_key.rsa`` → ``secret.private_key``) decides what it is, and its label is
  made from the name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache


class Kind(StrEnum):
    """How the judge treats a class."""

    PERSONAL = "personal"
    """Personal data: LC101, LC102, LC104 to a role, LC301 to a third party."""
    SECRET = "secret"
    """A credential or the service parameters around one: LC201."""
    CANARY = "canary"
    """A planted value: LC103 to any role not among its owners."""


LAST = 990
"""The priority of classes that lose every tie (as unlisted classes always have)."""
NATIONAL_ID_PRIORITY = 135
"""The priority :func:`national_id` gives: after the listed national IDs, before card numbers."""


@dataclass(frozen=True, slots=True)
class DataClass:
    """One data class and everything stages and reports need to know about it."""

    name: str
    """The exact string in detections, rules and reports (``national_id.dk``)."""
    label: str
    """The class in words, plural, as reports list it (``Danish CPR numbers``)."""
    kind: Kind = Kind.PERSONAL
    critical: bool = False
    """The class alone makes a finding critical (national IDs, canaries, key material)."""
    national_id: bool = False
    """A national identity number: numbers of several countries share shapes, so detection
    lets context words decide between them and reports both when nothing does."""
    container: bool = False
    """The class describes a whole text (a note), so it never competes with values inside it."""
    priority: int = LAST
    """Tie-break between equally confident detections over the same characters: lower wins."""

    @property
    def is_secret(self) -> bool:
        """Return whether the judge treats the class as a secret (LC201)."""
        return self.kind is Kind.SECRET


def national_id(country: str, label: str, priority: int = NATIONAL_ID_PRIORITY) -> DataClass:
    """Return the row of a national identity number: personal, critical, ``national_id.<cc>``."""
    return DataClass(
        f"national_id.{country}",
        label,
        Kind.PERSONAL,
        critical=True,
        national_id=True,
        priority=priority,
    )


def _secret(name: str, label: str, priority: int, critical: bool = False) -> DataClass:
    return DataClass(f"secret.{name}", label, Kind.SECRET, critical=critical, priority=priority)


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
HEALTH = "health"
TRADE_UNION = "trade_union"
"""GDPR art. 9 special categories (health, trade-union membership): profiles declare them
(``deny``, ``classify``); critical wherever found."""

_PRESIDIO_IDS = (
    ("es", "Spanish national IDs (DNI, NIE)"),
    ("it", "Italian fiscal codes"),
    ("pl", "Polish PESEL numbers"),
    ("sg", "Singapore NRIC and FIN numbers"),
    ("au", "Australian tax file and Medicare numbers"),
    ("in", "Indian Aadhaar and PAN numbers"),
    ("kr", "Korean resident registration numbers"),
    ("tr", "Turkish national ID numbers"),
    ("de", "German tax IDs and social security numbers"),
    ("ca", "Canadian social insurance numbers"),
    ("za", "South African ID numbers"),
)
"""The other countries whose IDs Presidio's recognizers find (``detect.presidio_glue``); they
lose ties to every listed class, as they always have."""

TABLE: dict[str, DataClass] = {
    row.name: row
    for row in (
        DataClass(PERSON_NAME, "Names", priority=210),
        DataClass(EMAIL, "E-mail addresses", priority=160),
        DataClass(PHONE, "Phone numbers", priority=170),
        DataClass(ADDRESS, "Postal addresses", priority=200),
        national_id("dk", "Danish CPR numbers", priority=80),
        national_id("se", "Swedish personal identity numbers", priority=90),
        national_id("no", "Norwegian national identity numbers", priority=100),
        national_id("fi", "Finnish personal identity codes", priority=110),
        national_id("us", "US social security numbers", priority=120),
        national_id("gb", "UK National Insurance and NHS numbers", priority=130),
        *(national_id(country, label, priority=LAST) for country, label in _PRESIDIO_IDS),
        DataClass(HEALTH, "Health data (special category)", critical=True),
        DataClass(TRADE_UNION, "Trade-union membership (special category)", critical=True),
        DataClass("financial.amount", "Amounts (offers, prices)"),
        DataClass(IBAN, "Bank accounts (IBAN)", priority=150),
        DataClass(CARD_NUMBER, "Payment card numbers", priority=140),
        DataClass(IP_ADDRESS, "IP addresses", priority=180),
        DataClass(NOTE, "Free-text notes", container=True, priority=220),
        DataClass("document.url", "Links to documents"),
        DataClass(CANARY, "Planted test values (canaries)", Kind.CANARY, critical=True, priority=0),
        _secret("password", "Passwords", 70),
        _secret("private_key", "Private keys", 10, critical=True),
        _secret("certificate", "Certificates", 20),
        _secret("cloud_key", "Cloud credentials", 40, critical=True),
        _secret("api_key", "API keys", 50),
        _secret("connection_string", "Database connection strings", 30, critical=True),
        _secret("jwt", "Access tokens (JWT)", 60),
        DataClass(INTERNAL_HOST, "Internal host names", Kind.SECRET, priority=190),
    )
}
"""The classes the built-in stages use, in report order."""


def entry(name: str) -> DataClass:
    """Return the row of a data class: listed, declared by a built-in recognizer, or derived."""
    row = TABLE.get(name)
    return row if row is not None else _unlisted(name)


def entries() -> dict[str, DataClass]:
    """Return every known row: the table's, then those built-in recognizers declare."""
    return {**TABLE, **_declared()}


@lru_cache(maxsize=1024)
def _unlisted(name: str) -> DataClass:
    declared = _declared().get(name)
    if declared is not None:
        return declared
    return derived(name)


def derived(name: str) -> DataClass:
    """Return the row of a class nobody listed or declared.

    The nearest listed parent (``secret.private_key.rsa`` → ``secret.private_key``) or the
    family (``national_id.*``, ``secret.*``) decides what it is; anything else is personal
    data. The label is made from the name, and the class loses every tie (``LAST``), as
    unlisted classes always have.
    """
    parent = name
    while "." in parent:
        parent = parent.rsplit(".", 1)[0]
        base = TABLE.get(parent)
        if base is not None:
            rest = _words(name[len(parent) + 1 :])
            return replace(base, name=name, label=f"{base.label} ({rest})", priority=LAST)
    family, _, rest = name.partition(".")
    if family == "national_id" and rest:
        return national_id(rest, f"National ID numbers ({rest.upper()})", priority=LAST)
    if family == "secret" and rest:
        return DataClass(name, f"Secrets ({_words(rest)})", Kind.SECRET)
    words = ": ".join(_words(part) for part in name.split(".") if part) or name
    return DataClass(name, words[:1].upper() + words[1:])


def _words(part: str) -> str:
    return part.replace("_", " ").replace("-", " ").strip()


@lru_cache(maxsize=1)
def _declared() -> dict[str, DataClass]:
    """Return the rows built-in recognizers declare for classes the table does not list."""
    from leakcheck.detect.registry import declared_data_classes  # the detect stage is heavy

    return {row.name: row for row in declared_data_classes() if row.name not in TABLE}


def label(name: str) -> str:
    """Return a data class in words, as reports show it."""
    return entry(name).label


def is_secret(name: str) -> bool:
    """Return whether a class is a secret or a service parameter (LC201), not personal data."""
    return entry(name).kind is Kind.SECRET


def is_canary(name: str) -> bool:
    """Return whether a class is a planted canary (LC103)."""
    return entry(name).kind is Kind.CANARY


def is_critical(name: str) -> bool:
    """Return whether a class alone makes a finding critical."""
    return entry(name).critical


def report_order(name: str) -> tuple[int, int, str]:
    """Sort key for reports: personal data, then canaries, then secrets; listed classes in
    table order, then declared and derived ones by name."""
    row = entry(name)
    group = {Kind.PERSONAL: 0, Kind.CANARY: 1, Kind.SECRET: 2}[row.kind]
    return group, _TABLE_ORDER.get(name, len(_TABLE_ORDER)), name


_TABLE_ORDER = {name: i for i, name in enumerate(TABLE)}
