"""Judge: exposures x detections x entitlements -> findings.

An exposure is fine when the role owns its record (a row rule) or an allow rule covers it.
Otherwise: a canary is LC103, a secret LC201, data sent out LC301, a field the profile denies
LC101, and other personal data LC102, or, for roles without entitlements (zero-config), LC104
when the role's pages never show it. A value the role is entitled to somewhere (its own name
from its own record) is entitled everywhere it appears, e.g. in the page's visible text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urlsplit

from leakcheck.extract.decode import decode_once
from leakcheck.extract.rendered import VisibleText
from leakcheck.models import Detection, Exposure, Finding, Rendered, Severity, Surface
from leakcheck.profile.entitlements import RoleEntitlements
from leakcheck.redact import Redactor
from leakcheck.rules import RULES, is_critical_class, is_secret_class
from leakcheck.surfaces import surfaces_where
from leakcheck.textnorm import fold

SENT_OUT = surfaces_where(lambda s: s.sent_out)
DECODED_SURFACES = surfaces_where(lambda s: s.decoded)
"""Surfaces whose extractors also emit the leaves of JSON held in a string: the string itself
is then not judged, or every value inside would be reported twice."""
TAINTING_RULES = frozenset({"LC101", "LC102", "LC104"})
"""Findings whose values are searched for again across the role's other exposures."""
MIN_KNOWN_VALUE = 5
"""Folded length below which a value is too common to search for elsewhere."""
MAX_NGRAM_WORDS = 6
IDENTITY_CLAIMS = ("sub", "email", "user_id", "userId", "uid", "preferred_username", "upn", "oid")
_WORD = re.compile(r"[^\s\"'`{}\[\]<>(),;=|]+")
"""A word: quotes, brackets and separators of code and JSON split words as spaces do."""


@dataclass(frozen=True)
class ThirdPartyPolicy:
    """Receivers outside scope allowed to get named data classes."""

    allowed: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def allows(self, receiver: str | None, data_classes: Sequence[str]) -> bool:
        granted = self.allowed.get(receiver or "", frozenset())
        return all(c in granted for c in data_classes)


@dataclass
class JudgeInput:
    """What the judge needs beyond exposures and detections."""

    entitlements: Mapping[str, RoleEntitlements]
    """Role name -> its compiled rules (roles absent here are judged zero-config)."""
    canary_owners: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Folded canary value -> roles allowed to receive it."""
    third_parties: ThirdPartyPolicy = field(default_factory=ThirdPartyPolicy)
    visible: Mapping[tuple[str, str], VisibleText] = field(default_factory=dict)
    min_confidence: float = 0.5


@lru_cache(maxsize=4096)
def page_key(url: str | None) -> str:
    """Return the part of a URL that identifies a page across runs and hosts (path only)."""
    if not url:
        return ""
    parts = urlsplit(url)
    return parts.path or "/"


class Judge:
    """Turn detected exposures into findings for each role."""

    def __init__(self, context: JudgeInput, redactor: Redactor) -> None:
        self.context = context
        self.redactor = redactor
        self._zero_config = RoleEntitlements(None, {})
        self._role_visible: dict[str, VisibleText] = {}
        # Keyed hashes are the judge's largest cost on big captures: an array's records
        # repeat values and locations, so each distinct input is hashed once.
        self._value_digests: dict[str, str] = {}
        self._fingerprints: dict[tuple[str, ...], str] = {}

    def rules_for(self, role: str) -> RoleEntitlements:
        return self.context.entitlements.get(role) or self._zero_config

    def judge(
        self, exposures: Sequence[Exposure], detections: Sequence[Sequence[Detection]]
    ) -> list[Finding]:
        """Return deduplicated findings, in the order first seen.

        A second pass looks for the values of the first pass's findings elsewhere: another
        bidder's name found in a payload is found again inside a deadline's title or the
        page's text, where no pattern would recognise it on its own.
        """
        minimum = self.context.min_confidence
        strong = [
            []
            if exposure.surface in DECODED_SURFACES and _is_json_document(exposure.value)
            else [d for d in found if d.confidence >= minimum] + self._foreign_tokens(exposure)
            for exposure, found in zip(exposures, detections, strict=True)
        ]
        entitled = self._entitled_values(exposures, strong)
        findings: dict[str, Finding] = {}
        tainted: dict[str, dict[str, tuple[str, ...]]] = {}
        for exposure, found in zip(exposures, strong, strict=True):
            for finding, span in self._judge_one(exposure, found, entitled):
                previous = findings.get(finding.fingerprint)
                findings[finding.fingerprint] = (
                    replace(previous, occurrences=previous.occurrences + 1) if previous else finding
                )
                if finding.rule in TAINTING_RULES and len(fold(span)) >= MIN_KNOWN_VALUE:
                    classes = tuple(c for c in finding.data_classes if not is_secret_class(c))
                    tainted.setdefault(exposure.role, {}).setdefault(fold(span), classes)
        longest = {role: max(map(len, known)) for role, known in tainted.items()}
        for exposure, first in zip(exposures, strong, strict=True):
            known = tainted.get(exposure.role)
            if not known or _is_encoded_document(exposure.value):
                continue  # an encoded document's leaves are exposures of their own
            value = exposure.value
            judged = {d.span(value) for d in first}
            extra = [
                d
                for d in _known_value_detections(
                    value, known, entitled.get(exposure.role, set()), longest[exposure.role]
                )
                if d.span(value) not in judged  # the same span gives the same fingerprint
            ]
            if not extra:
                continue  # judged in the first pass already
            for finding, _span in self._judge_one(exposure, extra, entitled):
                findings.setdefault(finding.fingerprint, finding)
        return list(findings.values())

    def _foreign_tokens(self, exposure: Exposure) -> list[Detection]:
        """Flag a JWT whose identity claims name someone other than the role: a credential of
        another user. A role's own token is not a finding; without attributes we cannot tell.
        """
        value = exposure.value
        if not value.startswith("eyJ") or value.count(".") != 2:
            return []
        rules = self.context.entitlements.get(exposure.role)
        if rules is None or not rules.attributes:
            return []
        decoded = decode_once(value)
        if decoded is None or decoded[0] != "jwt" or not isinstance(decoded[1], dict):
            return []
        claims = {str(decoded[1][c]) for c in IDENTITY_CLAIMS if decoded[1].get(c) is not None}
        own = {v for v in rules.attributes.values() if v}
        if not claims or claims & own:
            return []
        return [Detection("secret.jwt", 0.8, "jwt-foreign-subject")]

    def _entitled_values(
        self, exposures: Sequence[Exposure], detections: Sequence[Sequence[Detection]]
    ) -> dict[str, set[str]]:
        """Collect, per role, the folded values the role may see (own rows, allowed fields)."""
        entitled: dict[str, set[str]] = {}
        for role, role_rules in self.context.entitlements.items():
            entitled[role] = {fold(v) for v in role_rules.attributes.values() if v}
        for exposure, found in zip(exposures, detections, strict=True):
            rules = self.context.entitlements.get(exposure.role)
            if rules is None or exposure.surface in SENT_OUT:
                continue
            classes = sorted({d.data_class for d in found})
            if rules.denied(exposure) is not None and not rules.in_own_row(exposure):
                continue
            if rules.in_own_row(exposure) or rules.allowed(exposure, classes) is not None:
                entitled[exposure.role].update(fold(d.span(exposure.value)) for d in found)
                entitled[exposure.role].add(fold(exposure.value))
        return entitled

    def _judge_one(
        self,
        exposure: Exposure,
        found: Sequence[Detection],
        entitled: Mapping[str, set[str]],
    ) -> Iterable[tuple[Finding, str]]:
        """Yield each finding of one exposure with the span of the value it is about."""
        rules = self.rules_for(exposure.role)
        own_row = rules.configured and (
            rules.in_own_row(exposure) or _entitled_document(exposure, entitled)
        )
        deny = None if own_row else rules.denied(exposure)
        spans = _group_by_span(exposure.value, found)
        if deny is not None and exposure.value not in spans:
            spans.setdefault(exposure.value, [])
        for span, span_detections in spans.items():
            classes = sorted({d.data_class for d in span_detections})
            canaries = [d for d in span_detections if d.data_class == "canary"]
            if canaries and exposure.role not in self._canary_owners(span, canaries):
                yield self._finding("LC103", exposure, span, span_detections, classes), span
                continue
            if exposure.surface in SENT_OUT:
                personal = [c for c in classes if c != "canary"]
                if personal and not self.context.third_parties.allows(exposure.receiver, personal):
                    yield self._finding("LC301", exposure, span, span_detections, classes), span
                continue
            secrets = [c for c in classes if is_secret_class(c)]
            if secrets and rules.allowed(exposure, secrets) is None:
                yield self._finding("LC201", exposure, span, span_detections, classes), span
                continue
            if deny is not None and span == exposure.value:
                all_classes = sorted({deny.data_class, *classes})
                finding = self._finding(
                    "LC101", exposure, span, span_detections, all_classes, deny.severity
                )
                yield finding, span
                continue
            personal = [c for c in classes if not is_secret_class(c) and c != "canary"]
            if not personal or own_row:
                continue
            if is_entitled_text(span, entitled.get(exposure.role, set())):
                continue
            if rules.configured:
                if rules.allowed(exposure, personal) is None:
                    yield self._finding("LC102", exposure, span, span_detections, classes), span
                continue
            rendered = self._rendered(exposure, span)
            if rendered is Rendered.NO:
                finding = self._finding(
                    "LC104", exposure, span, span_detections, classes, rendered=rendered
                )
                yield finding, span

    def _canary_owners(self, span: str, detections: Sequence[Detection]) -> frozenset[str]:
        """Return the roles allowed to receive every canary detected in ``span``.

        The detector says which canary matched, also inside an encoding (base64, escapes),
        where the span is the whole value. Without that (a custom recognizer), the canary
        whose text the span holds decides; failing that only roles allowed every canary are
        exempt, which never lets a role receive a canary it was not given.
        """
        by_canary = self.context.canary_owners
        matched = [fold(d.matched) for d in detections if d.matched is not None]
        if matched and all(m in by_canary for m in matched):
            return frozenset.intersection(*(by_canary[m] for m in matched))
        folded = fold(span)
        for canary, owners in by_canary.items():
            if canary in folded:
                return owners
        all_owners = list(self.context.canary_owners.values())
        return frozenset.intersection(*all_owners) if all_owners else frozenset()

    def _rendered(self, exposure: Exposure, span: str) -> Rendered:
        """Return whether any of the role's pages shows the value as whole words.

        Unknown when the exposure's own page has no snapshot (a foreign HAR). The role's
        pages are indexed once, on its first question, and each value is answered once.
        """
        if exposure.rendered is not Rendered.UNKNOWN:
            return exposure.rendered
        if (exposure.role, exposure.page) not in self.context.visible:
            return Rendered.UNKNOWN
        role_visible = self._role_visible.get(exposure.role)
        if role_visible is None:
            role_visible = self._role_visible[exposure.role] = VisibleText.merged(
                text
                for (role, _page), text in self.context.visible.items()
                if role == exposure.role
            )
        return role_visible.rendered(span)

    def _finding(
        self,
        code: str,
        exposure: Exposure,
        span: str,
        detections: Sequence[Detection],
        classes: Sequence[str],
        severity: Severity | None = None,
        rendered: Rendered | None = None,
    ) -> Finding:
        rule = RULES[code]
        if rendered is None:
            rendered = self._rendered(exposure, span)
        level = severity or rule.severity
        if any(is_critical_class(c) for c in classes):
            level = Severity.CRITICAL
        elif code in ("LC102", "LC104") and rendered is Rendered.YES:
            level = Severity.MEDIUM
        primary = classes[0] if classes else "value"
        value_digest = self._value_digests.get(span)
        if value_digest is None:
            value_digest = self._value_digests[span] = self.redactor.value_digest(span)
        facts = (
            code,
            exposure.role,
            page_key(exposure.page),
            exposure.surface.value,
            page_key(exposure.url),
            exposure.location.path,
            value_digest,
        )
        fingerprint = self._fingerprints.get(facts)
        if fingerprint is None:
            fingerprint = self._fingerprints[facts] = self.redactor.digest(*facts)[:32]
        return Finding(
            rule=code,
            severity=level,
            role=exposure.role,
            page=self.redactor.url(exposure.page) or "",
            surface=exposure.surface,
            url=self.redactor.url(exposure.url, exposure.surface is Surface.LINKED_DOCUMENT),
            location=exposure.location,
            data_classes=tuple(classes),
            evidence=self.redactor.preview(span, primary),
            fingerprint=fingerprint,
            value_digest=value_digest,
            rendered=rendered,
            message=rule.title,
            receiver=exposure.receiver,
            recognizers=tuple(sorted({d.recognizer for d in detections})),
        )


def _group_by_span(value: str, detections: Sequence[Detection]) -> dict[str, list[Detection]]:
    spans: dict[str, list[Detection]] = {}
    for detection in detections:
        spans.setdefault(detection.span(value), []).append(detection)
    return spans


def _known_value_detections(
    value: str, known: Mapping[str, tuple[str, ...]], entitled: set[str], longest: int
) -> Iterator[Detection]:
    """Find runs of 1-6 words of ``value`` equal (folded) to a known leaked value: linear.

    A run's folded form is built from its folded words and gaps (folding is per character),
    so each word is folded once, not once per run it belongs to; runs longer than the
    ``longest`` known value stop growing.
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(value)]
    if not spans:
        return
    words = [fold(value[s:e]) for s, e in spans]
    gaps = [fold(value[spans[k][1] : spans[k + 1][0]]) for k in range(len(spans) - 1)]
    for i, (start, _) in enumerate(spans):
        run = words[i]
        for j in range(i, min(i + MAX_NGRAM_WORDS, len(spans))):
            if j > i:
                run += gaps[j - 1] + words[j]
            if len(run) > longest:
                break
            classes = known.get(run)
            if classes and run not in entitled:
                for data_class in classes:
                    yield Detection(data_class, 0.9, "known-value", start, spans[j][1])


def is_entitled_text(span: str, entitled: set[str]) -> bool:
    """Return whether a span is an entitled value or a run of them.

    ``Nørregade 1, 8000 Aarhus C`` on a page is the property's street, postcode and town, each of
    which the role may see; the whole string is then entitled too. Greedy longest match over
    words, so linear in the span's length.
    """
    if not entitled:
        return False
    if fold(span) in entitled:
        return True
    words = _WORD.findall(span)
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + MAX_NGRAM_WORDS), i, -1):
            folded = fold(" ".join(words[i:j]))
            if not folded or folded in entitled:
                i = j
                break
        else:
            return False
    return True


def _entitled_document(exposure: Exposure, entitled: Mapping[str, set[str]]) -> bool:
    """A linked document is the role's own when the link that named it was entitled.

    The purchase agreement listed in a party's own records may show the other party's CPR
    number: that is the document's purpose, not a leak. The same document reached through a
    link the role was not entitled to is judged field by field.
    """
    if exposure.surface is not Surface.LINKED_DOCUMENT or not exposure.url:
        return False
    allowed = entitled.get(exposure.role, set())
    parts = urlsplit(exposure.url)
    return fold(exposure.url) in allowed or fold(parts.path) in allowed


def _is_json_document(value: str) -> bool:
    """Return whether a string value is a JSON document (extraction walked its leaves)."""
    if value[:1] not in ("{", "["):
        return False
    decoded = decode_once(value)
    return decoded is not None and decoded[0] == "json"


def _is_encoded_document(value: str) -> bool:
    """Return whether a value is JSON or a JWT that extraction has already walked leaf by leaf."""
    head = value[:3]
    if not (head[:1] in ("{", "[") or head == "eyJ"):
        return False
    return decode_once(value) is not None
