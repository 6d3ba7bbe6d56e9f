"""Rule codes: stable once released, used in output, suppressions, baselines and SARIF."""

from __future__ import annotations

from dataclasses import dataclass

from leakcheck.models import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    title: str
    severity: Severity
    """The default; findings raise it for national IDs, canaries and critical secrets."""
    why: str
    fix: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "LC101",
            "forbidden-field",
            "A field the role must not receive reached its browser",
            Severity.HIGH,
            "The profile forbids this field for the role outside the role's own records, yet "
            "the payload carried it. This is how a Danish real-estate platform handed buyers "
            "other bidders' offers for almost three years: the page never showed them, the "
            "GraphQL response did, and the regulator called it a known and elementary mistake.",
            "Resolve the field on the server only for users entitled to it (field-level "
            "authorization in the resolver or the serializer), not by hiding it in the UI.",
        ),
        Rule(
            "LC102",
            "unentitled-personal-data",
            "Personal data the role is not entitled to",
            Severity.HIGH,
            "Personal data reached a role whose entitlements do not cover it. Anything the "
            "browser receives is disclosed: developer tools are not a security boundary.",
            "Remove the data from what this role's pages receive, or, if the role may see it, "
            "add an allow rule to the role's entitlements with the reason.",
        ),
        Rule(
            "LC103",
            "canary-received",
            "A planted canary value reached a role that must never receive it",
            Severity.CRITICAL,
            "A canary is a value seeded in test data that no role outside its owners may "
            "receive; seeing it proves that data crossed a boundary, whatever it looks like.",
            "Trace which query or template returns the canary's record to this role and "
            "restrict it on the server.",
        ),
        Rule(
            "LC104",
            "hidden-over-fetch",
            "Personal data in the payload that the page never shows",
            Severity.HIGH,
            "The response carried personal data that the rendered page does not display: the "
            "signature of over-fetching. Users who press F12 can read it all the same.",
            "Fetch only the fields the page renders (trim the GraphQL query or the REST "
            "serializer), and authorize every field on the server.",
        ),
        Rule(
            "LC201",
            "secret-in-frontend",
            "A secret reached the browser",
            Severity.HIGH,
            "Passwords, private keys, API and cloud keys or connection strings in what the "
            "browser receives (payloads, page source, comments, bundles) are readable by every "
            "visitor; regulators name them as things that do not belong in page source.",
            "Remove the secret from the frontend, rotate it (it must be presumed known), and "
            "keep it on the server, calling the service from there.",
        ),
        Rule(
            "LC301",
            "data-to-third-party",
            "Personal data sent to a third party",
            Severity.HIGH,
            "The page sent personal data to an origin outside the audited site: it leaves the "
            "controller's control, like case photos synced to a private cloud service.",
            "Stop sending personal data to the receiver, or, where there is a legal basis and a "
            "processor agreement, allow the receiver for named data classes in the profile.",
        ),
    )
}

CRITICAL_CLASSES = (
    "national_id.",
    "canary",
    "secret.private_key",
    "secret.cloud_key",
    "secret.connection_string",
)


SECRET_LIKE_CLASSES = ("secret.", "internal_host")
"""Classes judged as secrets (LC201): credentials and the service parameters around them."""


def is_secret_class(data_class: str) -> bool:
    """Return whether a data class is a secret or a service parameter, not personal data."""
    return data_class.startswith(SECRET_LIKE_CLASSES)


def is_critical_class(data_class: str) -> bool:
    """Return whether a data class alone makes a finding critical."""
    return any(data_class.startswith(prefix) for prefix in CRITICAL_CLASSES)


def explain(code: str) -> str:
    """Return the rule's text for ``leakcheck explain``."""
    rule = RULES[code.upper()]
    return (
        f"{rule.code} {rule.name}: {rule.title}\n"
        f"Default severity: {rule.severity}\n\n{rule.why}\n\nHow to fix: {rule.fix}\n"
    )
