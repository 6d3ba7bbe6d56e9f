"""Secrets a frontend must never carry: private keys, API and cloud keys, passwords, JWTs.

Vendor tokens with a fixed prefix are recognised anywhere; values without one (a password, a
random API key) only under a key that names them. Placeholders (``****``, ``${API_KEY}``,
``changeme``), labels (``"Password"``) and keys meant to be public (``pk_live_``, Firebase-style
``AIza…`` browser keys, a user's own session token) are not secrets.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from leakcheck import data_classes as classes
from leakcheck.detect.context import Context, clamp, governing_tokens, near, words_pattern
from leakcheck.detect.interface import Pattern
from leakcheck.models import Detection
from leakcheck.surfaces import surfaces_where

# --- shared value checks -------------------------------------------------------------------

PLACEHOLDERS: frozenset[str] = frozenset(
    """
    password passwd pwd pass secret changeme change_me change-me changeit xxx xxxx xxxxxx null
    none nil undefined true false redacted hidden masked example sample test dummy placeholder
    your_password yourpassword your-password mypassword my_password my-password required string
    text new-password current-password off on default todo tbd fixme replace_me replaceme
    your_api_key yourapikey your-api-key api_key apikey your_secret yoursecret your-secret
    your_token yourtoken your-token token secret_key secretkey insert_here enter_here empty
    adgangskode kodeord lösenord losenord passord salasana passwort wachtwoord contraseña
    hasło motdepasse mot_de_passe
    """.split()
)
"""Values that stand in for a secret (lower-cased)."""

_TEMPLATE = re.compile(
    r"^(?:\$\{.*\}|\$\(.*\)|\{\{.*\}\}|<[^>]*>|%\(?\w*\)?s?|\[[^\]]*\]|process\.env\..*|"
    r"(?:import\.meta\.env|env)\.\w+|\$[A-Z_][A-Z0-9_]*|__\w+__)$",
    re.DOTALL,
)
_CONSTANT_NAME = re.compile(r"^[A-Z]+(?:_[A-Z]+)+$")
"""``DB_PASSWORD``, ``THE_SECRET``: the name of a variable or setting, not its value."""
_WORDS = re.compile(r"^[a-z]+(?:[-_][a-z]+)+$")
_SELF_NAMED = frozenset("password passwd pass pwd secret token key apikey credential".split())
_MASK = re.compile(r"^(.)\1*$|^[*•·●x#.\-_]+$", re.IGNORECASE)


def is_placeholder(value: str) -> bool:
    """Return whether a value is a stand-in (``****``, ``${X}``, ``changeme``, a variable's
    name such as ``DB_PASSWORD``, words naming the secret such as ``user-password``), not a
    secret."""
    v = value.strip().strip("\"'`")
    if not v:
        return True
    low = v.lower()
    if low in PLACEHOLDERS or _MASK.match(v) or _TEMPLATE.match(v) or _CONSTANT_NAME.match(v):
        return True
    if _WORDS.match(v) and not _SELF_NAMED.isdisjoint(re.split(r"[-_]", low)):
        return True  # "user-password", "my_secret": words naming what belongs there
    return low.startswith(("your", "<your", "example", "insert", "replace", "enter-", "enter_"))


def entropy(value: str) -> float:
    """Return the Shannon entropy of a string in bits per character."""
    n = len(value)
    if n == 0:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def char_classes(value: str) -> int:
    """Return how many of lower, upper, digit and symbol characters a string mixes."""
    lower = upper = digit = other = 0
    for ch in value:
        if ch.islower():
            lower = 1
        elif ch.isupper():
            upper = 1
        elif ch.isdigit():
            digit = 1
        else:
            other = 1
    return lower + upper + digit + other


_IDENTIFIER = re.compile(r"^[a-z][a-z_.-]*$|^[A-Z][A-Z0-9_]*$|^[a-z]+(?:[A-Z][a-z]+)+$")


def looks_like_credential(value: str) -> bool:
    """Return whether a value has the shape of a random credential (not a word, URL or name)."""
    v = value.strip()
    n = len(v)
    if n < 8 or n > 2048 or any(ch.isspace() for ch in v):
        return False
    if is_placeholder(v) or v.startswith(("pk_", "pk.", "http://", "https://", "/", "./")):
        return False
    if _IDENTIFIER.match(v):
        return False
    mix = char_classes(v)
    if n < 16:
        return mix >= 3 and entropy(v) >= 2.8
    return (mix >= 2 and entropy(v) >= 3.0) or entropy(v) >= 3.5


def _secretish(text: str, start: int, end: int, ctx: Context, words: frozenset[str]) -> bool:
    """Return whether the key or nearby words around a match say it is a server-side secret."""
    tokens = governing_tokens(text, start, ctx)
    if any(t in words for t in tokens):
        return True
    return near(text, start, end, _SECRET_WORDS)


_SECRET_WORDS = words_pattern(
    "secret|private|server|backend|admin|service account|client_secret|secret_key|"
    "secretkey|server_key|serverkey"
)
_SECRETISH_KEYS = frozenset("secret private server backend admin service internal".split())

# --- private keys --------------------------------------------------------------------------

_PEM = re.compile(
    r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |ED25519 )?PRIVATE KEY(?: BLOCK)?)-----"
)
_B64_RUN = re.compile(r"[A-Za-z0-9+/=]{16,}")
_PEM_REACH = 16384


class PrivateKeyRecognizer(Pattern):
    """PEM/OpenSSH/PGP and PuTTY private keys.

    Confidence: 0.99 with a key body (≥ 64 base64 characters before the END line); 0.3 for a
    bare header, which libraries in bundles carry as a constant.
    """

    name = "private_key"
    data_classes = (classes.PRIVATE_KEY,)
    screen = re.compile(r"-----BEGIN |PuTTY-User-Key-File-")
    hints = ("-----BEGIN ", "PuTTY-User-Key-File-")

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the private key blocks in ``text``."""
        out: list[Detection] = []
        for m in _PEM.finditer(text):
            end_marker = f"-----END {m.group(1)}-----"
            stop = text.find(end_marker, m.end(), m.end() + _PEM_REACH)
            body = text[m.end() : stop if stop >= 0 else min(len(text), m.end() + 4096)]
            b64 = sum(len(r) for r in _B64_RUN.findall(body))
            if b64 >= 64:
                end = stop + len(end_marker) if stop >= 0 else m.end() + len(body)
                out.append(Detection(classes.PRIVATE_KEY, 0.99, self.name, m.start(), end))
            else:
                out.append(Detection(classes.PRIVATE_KEY, 0.3, self.name, m.start(), m.end()))
        for m in _PUTTY.finditer(text):
            stop = text.find("Private-MAC:", m.end(), m.end() + _PEM_REACH)
            if stop >= 0:
                end = min(len(text), stop + 12 + 64)
                out.append(Detection(classes.PRIVATE_KEY, 0.99, self.name, m.start(), end))
        return out


_PUTTY = re.compile(r"PuTTY-User-Key-File-\d: [\w-]+")
_CERT = re.compile(r"-----BEGIN (CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|PKCS7)-----")
_CLIENT_CERT_WORDS = words_pattern("client cert|client certificate|mtls|mutual tls|clientcert")
_CLIENT_CERT_KEYS = frozenset("client mtls".split())


class CertificateRecognizer(Pattern):
    """PEM certificates (and PKCS#7 bundles, CRLs).

    A certificate is public by design (every TLS server hands its own out), so a lone one scores
    0.4, under the default threshold: it shows up with ``min_confidence`` 0.4 for an inventory.
    A client certificate (key or nearby words: ``clientCert``, "mTLS") identifies a machine or
    a user and usually travels with its key: 0.7. The key itself is the private-key
    recognizer's.
    """

    name = "certificate"
    data_classes = (classes.CERTIFICATE,)
    screen = re.compile(r"-----BEGIN (?:CERT|TRUSTED|X509|PKCS7)")
    hints = ("-----BEGIN ",)

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the certificate blocks in ``text``."""
        out: list[Detection] = []
        for m in _CERT.finditer(text):
            end_marker = f"-----END {m.group(1)}-----"
            stop = text.find(end_marker, m.end(), m.end() + _PEM_REACH)
            if stop < 0:
                continue
            if sum(len(r) for r in _B64_RUN.findall(text, m.end(), stop)) < 64:
                continue
            s, e = m.start(), stop + len(end_marker)
            tokens = set(governing_tokens(text, s, ctx)) | ctx.key_set
            client = bool(tokens & _CLIENT_CERT_KEYS) or near(
                text, s, e, _CLIENT_CERT_WORDS, before=64, after=0
            )
            out.append(Detection(classes.CERTIFICATE, 0.7 if client else 0.4, self.name, s, e))
        return out


_KEYSTORE_KEYS = frozenset("pfx p12 pkcs12 keystore jks".split())
_DER_SEQUENCE = re.compile(r"^MII[A-Za-z0-9+/]{200,}={0,2}$")


class KeystoreRecognizer:
    """A base64 PKCS#12/JKS keystore under a key naming one (``pfx``, ``p12``, ``keystore``).

    A keystore holds private keys, so it is one: ``secret.private_key`` at 0.9 when the value is
    a long base64 DER sequence (``MII…``).
    """

    name = "keystore"
    data_classes = (classes.PRIVATE_KEY,)

    def wants(self, ctx: Context) -> bool:
        """Return whether the key names a keystore."""
        joined = "".join(ctx.key_tokens)
        return bool(ctx.key_set & _KEYSTORE_KEYS) or any(k in joined for k in _KEYSTORE_KEYS)

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the keystore if ``text`` is one."""
        value = text.strip().replace("\n", "").replace("\\n", "")
        if not _DER_SEQUENCE.match(value):
            return []
        return [Detection(classes.PRIVATE_KEY, 0.9, self.name, 0, -1)]


# --- vendor tokens with a known shape ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenShape:
    """One vendor token format: its pattern, class and confidence."""

    label: str
    pattern: re.Pattern[str]
    data_class: str
    confidence: float
    needs_digit: bool = True
    """Require a digit in the token (vendor tokens are random; ``xoxb-your-token`` is not)."""
    without_context: float | None = None
    """If set, ``confidence`` applies only with secret-ish context, this one otherwise."""


def _shape(
    label: str,
    pattern: str,
    data_class: str,
    confidence: float,
    needs_digit: bool = True,
    without_context: float | None = None,
) -> TokenShape:
    return TokenShape(
        label, re.compile(pattern), data_class, confidence, needs_digit, without_context
    )


TOKEN_SHAPES: tuple[TokenShape, ...] = (
    _shape(
        "stripe_live", r"(?<![\w])[sr]k_live_[0-9A-Za-z]{20,247}(?![\w])", classes.API_KEY, 0.95
    ),
    _shape("stripe_test", r"(?<![\w])[sr]k_test_[0-9A-Za-z]{20,247}(?![\w])", classes.API_KEY, 0.6),
    _shape(
        "github_token", r"(?<![\w])gh[pousr]_[A-Za-z0-9]{36,251}(?![\w])", classes.API_KEY, 0.95
    ),
    _shape(
        "github_pat", r"(?<![\w])github_pat_[A-Za-z0-9_]{60,255}(?![\w])", classes.API_KEY, 0.95
    ),
    _shape(
        "slack_token", r"(?<![\w-])xox[baprs]-[A-Za-z0-9-]{10,250}(?![\w-])", classes.API_KEY, 0.9
    ),
    _shape(
        "slack_webhook",
        r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}",
        classes.API_KEY,
        0.85,
    ),
    _shape("sendgrid", r"(?<![\w])SG\.[\w-]{20,24}\.[\w-]{39,50}(?![\w-])", classes.API_KEY, 0.95),
    _shape(
        "anthropic",
        r"(?<![\w-])sk-ant-[a-z]{2,8}\d{2}-[\w-]{80,120}(?![\w-])",
        classes.API_KEY,
        0.95,
    ),
    _shape(
        "openai",
        r"(?<![\w-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,200}(?![\w-])",
        classes.API_KEY,
        0.8,
    ),
    _shape("npm_token", r"(?<![\w])npm_[A-Za-z0-9]{36}(?![\w])", classes.API_KEY, 0.9),
    _shape("gitlab_pat", r"(?<![\w])glpat-[\w-]{20,64}(?![\w-])", classes.API_KEY, 0.95),
    _shape(
        "shopify", r"(?<![\w])shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}(?![\w])", classes.API_KEY, 0.95
    ),
    _shape("twilio_api_key", r"(?<![\w])SK[0-9a-f]{32}(?![\w])", classes.API_KEY, 0.75),
    _shape("mailgun", r"(?<![\w-])key-[0-9a-f]{32}(?![\w])", classes.API_KEY, 0.8),
    _shape(
        "huggingface",
        r"(?<![\w])hf_[A-Za-z]{34}(?![\w])",
        classes.API_KEY,
        0.9,
        needs_digit=False,
    ),
    _shape("digitalocean", r"(?<![\w])do[opr]_v1_[a-f0-9]{64}(?![\w])", classes.API_KEY, 0.95),
    _shape("square", r"(?<![\w])sq0(?:atp|csp)-[\w-]{22,43}(?![\w-])", classes.API_KEY, 0.9),
    _shape("telegram_bot", r"(?<![\w:])\d{8,10}:AA[\w-]{33}(?![\w-])", classes.API_KEY, 0.9),
    _shape("pypi", r"(?<![\w-])pypi-AgEIcHlwaS5vcmc[\w-]{50,400}(?![\w-])", classes.API_KEY, 0.95),
    _shape("databricks", r"(?<![\w])dapi[0-9a-f]{32}(?:-\d)?(?![\w-])", classes.API_KEY, 0.9),
    _shape("vault", r"(?<![\w.])hv[sb]\.[\w-]{90,200}(?![\w-])", classes.API_KEY, 0.9),
    _shape(
        "grafana_service_account",
        r"(?<![\w])glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}(?![\w])",
        classes.API_KEY,
        0.95,
    ),
    _shape("grafana_cloud", r"(?<![\w])glc_[A-Za-z0-9+/]{32,400}={0,2}", classes.API_KEY, 0.9),
    _shape("new_relic", r"(?<![\w])NRAK-[A-Z0-9]{27}(?![\w])", classes.API_KEY, 0.9),
    _shape("sentry_auth", r"(?<![\w])sntry[su]_[\w+/=-]{40,200}", classes.API_KEY, 0.9),
    _shape(
        "mapbox_secret",
        r"(?<![\w.])sk\.eyJ[\w-]{20,400}\.[\w-]{20,100}(?![\w-])",
        classes.API_KEY,
        0.9,
    ),
    _shape("linear", r"(?<![\w])lin_api_[A-Za-z0-9]{40}(?![\w])", classes.API_KEY, 0.95),
    _shape(
        "doppler", r"(?<![\w])dp\.(?:pt|st|sa)\.[A-Za-z0-9]{40,44}(?![\w])", classes.API_KEY, 0.95
    ),
    _shape(
        "google_api_key",
        r"(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])",
        classes.API_KEY,
        0.7,
        without_context=0.3,
    ),
    _shape(
        "aws_access_key_id",
        r"(?<![A-Z0-9])AKIA[A-Z0-9]{16}(?![A-Z0-9])",
        classes.CLOUD_KEY,
        0.9,
        needs_digit=False,
    ),
    _shape(
        "aws_temporary_key_id",
        r"(?<![A-Z0-9])(?:ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])",
        classes.CLOUD_KEY,
        0.85,
        needs_digit=False,
    ),
    _shape(
        "azure_storage_key",
        r"(?<![\w])AccountKey=[A-Za-z0-9+/]{86}==",
        classes.CLOUD_KEY,
        0.95,
        needs_digit=False,
    ),
    _shape(
        "azure_shared_access_key",
        r"(?<![\w])SharedAccessKey=[A-Za-z0-9+/]{42,44}=?",
        classes.CLOUD_KEY,
        0.9,
        needs_digit=False,
    ),
    _shape(
        "azure_sas_signature",
        r"[?&]sv=\d{4}-\d{2}-\d{2}&[^\s\"'<>]{0,400}?[?&]sig=[A-Za-z0-9%+/=]{40,120}",
        classes.CLOUD_KEY,
        0.75,
        needs_digit=False,
    ),
    _shape(
        "gcp_private_key_id", r"\"private_key_id\"\s*:\s*\"[0-9a-f]{40}\"", classes.CLOUD_KEY, 0.85
    ),
    _shape(
        "gcp_oauth_client_secret",
        r"(?<![\w-])GOCSPX-[\w-]{28}(?![\w-])",
        classes.CLOUD_KEY,
        0.9,
        needs_digit=False,
    ),
)
"""Vendor token formats, most specific first (a tie on a span goes to the earlier one)."""

_DOC_EXAMPLES = frozenset({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})

_TOKEN_SCREEN = re.compile(
    r"_live_|_test_|gh[pousr]_|github_pat_|xox[baprs]-|hooks\.slack|SG\.|sk-|npm_|glpat-|AIza"
    r"|A[SK]IA|ABIA|ACCA|AccountKey=|SharedAccessKey=|sig=|private_key_id|GOCSPX-"
    r"|shp(?:at|ss|ca|pa)_|SK[0-9a-f]{32}|key-[0-9a-f]{32}|hf_[A-Za-z]{34}|do[opr]_v1_|sq0"
    r"|\d:AA|pypi-AgEI|dapi[0-9a-f]|hv[sb]\.|glsa_|glc_|NRAK-|sntry[su]_|sk\.eyJ|lin_api_"
    r"|dp\.(?:pt|st|sa)\."
)
_TOKEN_HINTS = (
    *("_live_", "_test_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox"),
    *("hooks.slack", "SG.", "sk-", "npm_", "glpat-", "AIza", "AKIA", "ASIA", "ABIA", "ACCA"),
    *("AccountKey=", "SharedAccessKey=", "sig=", "private_key_id", "GOCSPX-", "shp", "SK"),
    *("key-", "hf_", "_v1_", "sq0", ":AA", "pypi-AgEI", "dapi", "hvs.", "hvb.", "glsa_"),
    *("glc_", "NRAK-", "sntry", "sk.eyJ", "lin_api_", "dp."),
)
"""A substring of every ``_TOKEN_SCREEN`` alternative (tested against it): ``in`` tests are
three times cheaper than the screen on values holding none."""


class TokenRecognizer(Pattern):
    """Vendor API and cloud keys recognised by their fixed prefixes and lengths (see shapes)."""

    name = "token_shapes"
    data_classes = tuple(dict.fromkeys(shape.data_class for shape in TOKEN_SHAPES))
    screen = _TOKEN_SCREEN
    hints = _TOKEN_HINTS

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the vendor tokens in ``text``."""
        out: list[Detection] = []
        for shape in TOKEN_SHAPES:
            for m in shape.pattern.finditer(text):
                token = m.group(0)
                if shape.needs_digit and not any(ch.isdigit() for ch in token):
                    continue
                s, e = m.span()
                score = shape.confidence
                if token in _DOC_EXAMPLES or "EXAMPLE" in token:
                    score = 0.2
                elif shape.without_context is not None and not _secretish(
                    text, s, e, ctx, _SECRETISH_KEYS
                ):
                    score = shape.without_context
                out.append(Detection(shape.data_class, score, f"{self.name}:{shape.label}", s, e))
        return out


_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_AWS_SCREEN = re.compile(r"[Aa][Ww][Ss]|[Ss][Ee][Cc][Rr][Ee][Tt].?[Aa][Cc][Cc][Ee][Ss][Ss]")
_AWS_WORDS = words_pattern(
    "aws_secret_access_key|secretaccesskey|secret_access_key|aws secret|aws_secret|aws-secret"
)


class AwsSecretKeyRecognizer(Pattern):
    """AWS secret access keys: 40 base64 characters, only with a key or words that name them.

    Confidence 0.9 (0.2 for the documentation example); without context nothing, since any
    40-character base64 run would match.
    """

    name = "aws_secret_key"
    data_classes = (classes.CLOUD_KEY,)
    screen = re.compile(r"[A-Za-z0-9/+]{40}")
    min_length = 40

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return AWS secret access keys in ``text``."""
        if len(text) < 40:
            return []
        keyed = "secret" in ctx.key_set and bool(ctx.key_set & {"aws", "access"})
        if not keyed and not _AWS_SCREEN.search(text):
            return []
        out: list[Detection] = []
        for m in _AWS_SECRET.finditer(text):
            token = m.group(0)
            if char_classes(token) < 3 or entropy(token) < 4.0:
                continue
            s, e = m.span()
            tokens = governing_tokens(text, s, ctx)
            named = "secret" in tokens and ("aws" in tokens or "access" in tokens)
            if not named and not near(text, s, e, _AWS_WORDS, before=80):
                continue
            score = 0.2 if token in _DOC_EXAMPLES or "EXAMPLE" in token else 0.9
            out.append(Detection(classes.CLOUD_KEY, score, self.name, s, e))
        return out


# --- connection strings --------------------------------------------------------------------

_URL_CREDS = re.compile(
    r"(?<![\w+.-])(?P<scheme>postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|"
    r"mssql|sqlserver|oracle|ftps?|sftp|smtps?|ldaps?|couchdb|neo4j(?:\+s)?|cockroachdb|"
    r"clickhouse|https?)://(?P<user>[^\s:/@'\"`<>]{0,128}):(?P<password>[^\s@/'\"`<>]{1,256})@"
    r"(?P<host>[A-Za-z0-9.-]{1,253}|\[[0-9a-fA-F:]+\])(?::\d{1,5})?(?:/[^\s'\"`<>]{0,256})?",
    re.IGNORECASE,
)
_JDBC = re.compile(
    r"jdbc:[a-z0-9]+:(?:[^\s'\"`<>]{0,512}?[?;&:]password=(?P<password>[^\s&;'\"`<>]{1,128})"
    r"|thin:[^\s/@'\"`<>]{1,128}/(?P<password2>[^\s@'\"`<>]{1,128})@[^\s'\"`<>]{1,256})",
    re.IGNORECASE,
)
_ADO = re.compile(
    r"(?:server|data source|host|address|addr)\s*=\s*[^;'\"\n]{1,256};[^'\"\n]{0,512}?"
    r"(?:password|pwd)\s*=\s*(?P<password>[^;'\"\n]{1,128})",
    re.IGNORECASE,
)
_ADO_REVERSED = re.compile(
    r"(?:password|pwd)\s*=\s*(?P<password>[^;'\"\n]{1,128});[^'\"\n]{0,512}?"
    r"(?:server|data source|host)\s*=\s*[^;'\"\n]{1,256}",
    re.IGNORECASE,
)


class ConnectionStringRecognizer(Pattern):
    """Database and service URLs or connection strings that carry a password.

    Confidence: a database/service URL with ``user:password@`` 0.95, an HTTP URL with basic-auth
    credentials 0.8, JDBC and ADO.NET strings with a password 0.9; a placeholder password 0.3.
    """

    name = "connection_string"
    data_classes = (classes.CONNECTION_STRING,)
    screen = re.compile(r"://[^\s/@]{0,128}:[^\s@]{1,256}@|jdbc:|(?i:password|pwd)\s*=")
    hints = ("@", "jdbc:", "=")

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the connection strings with credentials in ``text``."""
        out: list[Detection] = []
        for m in _URL_CREDS.finditer(text):
            base = 0.8 if m.group("scheme").lower().startswith("http") else 0.95
            out.append(self._detection(m, m.group("password"), base))
        for pattern in (_JDBC, _ADO, _ADO_REVERSED):
            for m in pattern.finditer(text):
                password = m.groupdict().get("password") or m.groupdict().get("password2") or ""
                out.append(self._detection(m, password, 0.9))
        return out

    def _detection(self, m: re.Match[str], password: str, base: float) -> Detection:
        score = 0.3 if is_placeholder(password) else base
        return Detection(classes.CONNECTION_STRING, score, self.name, m.start(), m.end())


# --- JWTs ----------------------------------------------------------------------------------

_JWT = re.compile(
    r"(?<![\w-])eyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,1024}(?![\w-])"
)
_SERVICE_KEYS = frozenset(
    "service api server admin secret machine internal integration system backend master private "
    "m2m apikey".split()
)
_SERVICE_ROLES = frozenset({"service_role", "service", "admin", "supabase_admin", "superuser"})
_PUBLIC_ROLES = frozenset({"anon", "public", "anonymous"})
_TOKENISH_KEYS = frozenset("token key auth secret bearer jwt credential credentials".split())


def jwt_claims(token: str) -> dict[str, object] | None:
    """Return a JWT's payload claims, or None if the payload is not base64url JSON."""
    parts = token.split(".")
    if len(parts) < 2:
        return None
    payload = parts[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(raw)
    except (binascii.Error, ValueError):
        return None
    return claims if isinstance(claims, dict) else None


class JwtRecognizer(Pattern):
    """JWTs that are service credentials, not a user's own session.

    Confidence: a payload role such as ``service_role``/``admin`` 0.9; a key naming a service or
    API credential (``serviceToken``, ``apiJwt``) 0.85; hard-coded in program text under a
    token-like key 0.6. Public roles (``anon``) and plain user sessions are not reported.
    """

    name = "jwt"
    data_classes = (classes.JWT,)
    screen = re.compile(r"eyJ")
    hints = ("eyJ",)

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the service-credential JWTs in ``text``."""
        out: list[Detection] = []
        for m in _JWT.finditer(text):
            s, e = m.span()
            claims = jwt_claims(m.group(0)) or {}
            role = str(claims.get("role", "")).lower()
            if role in _PUBLIC_ROLES:
                continue
            tokens = set(governing_tokens(text, s, ctx))
            if role in _SERVICE_ROLES:
                score = 0.9
            elif tokens & _SERVICE_KEYS:
                score = 0.85
            elif ctx.is_code and tokens & _TOKENISH_KEYS:
                score = 0.6
            else:
                continue
            out.append(Detection(classes.JWT, score, self.name, s, e))
        return out


# --- secrets named by their key -----------------------------------------------------------

PASSWORD_WORDS: frozenset[str] = frozenset(
    "password passwd pwd pass passphrase pw adgangskode kodeord losenord lösenord passord "
    "salasana passwort".split()
)
_PASSWORD_EXCLUDE: frozenset[str] = frozenset(
    """
    policy min max length hint reset forgot label placeholder show hide visible required strength
    error message msg text title field input type regex pattern rule rules changed change expires
    expiry expired updated at url link enabled mode validation valid invalid format icon toggle
    score age set is has needs must should can count attempts history requirements help
    description tooltip aria autocomplete id name
    """.split()
)
_LABEL_WORDS = frozenset(
    "enter your password please must characters new confirm forgot reset the at least show hide "
    "repeat current old type choose create".split()
)


@lru_cache(maxsize=16384)
def _is_password_key(tokens: tuple[str, ...]) -> bool:
    s = set(tokens)
    return bool(s & PASSWORD_WORDS) and not (s & _PASSWORD_EXCLUDE)


class PasswordRecognizer:
    """A value under a password-like key (``password``, ``dbPassword``, ``DB_PASSWORD``).

    Confidence: 0.85 for six characters or more, 0.6 for four or five, 0.3 for fewer. Nothing
    for placeholders, masks, booleans, template variables, UI labels ("Enter your password")
    and directory paths (``PWD=/tmp``: the shell's working directory).
    """

    name = "password"
    data_classes = (classes.PASSWORD,)

    def wants(self, ctx: Context) -> bool:
        """Return whether the key names a password."""
        return _is_password_key(ctx.key_tokens)

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the password in ``text`` (the whole value, or its first word in a text)."""
        stripped = text.strip()
        if not stripped:
            return []
        start = text.index(stripped[0])
        value = stripped
        words = stripped.split()
        if len(words) > 1:
            if _is_label(words):
                return []
            if ctx.in_text:
                value = words[0].rstrip(".,;)")
            elif len(words) > 5:
                return []
        if is_placeholder(value) or value.lower() in {"true", "false", "null", "0", "1"}:
            return []
        if _DIRECTORY.fullmatch(value):
            return []  # ``$PWD``/``pwd`` is also the working directory: "/tmp", "/home/app"
        n = len(value)
        score = 0.85 if n >= 6 else 0.6 if n >= 4 else 0.3
        end = start + len(value)
        if start == 0 and end == len(text):
            end = -1
        return [Detection(classes.PASSWORD, score, self.name, start, end)]


_DIRECTORY = re.compile(r"(?:~|\.{1,2})?(?:/[a-z0-9._-]+)+/?|~")
"""An absolute or home-relative path of lower-case segments."""


def _is_label(words: list[str]) -> bool:
    """Return whether a multi-word value reads as a UI label rather than a passphrase."""
    if any(w.lower().strip(".:!?") in _LABEL_WORDS for w in words):
        return True
    return words[0][:1].isupper() and all(w.isalpha() for w in words)


_SECRET_EXCLUDE: frozenset[str] = frozenset(
    """
    public publishable pk site csrf xsrf nonce id name url uri type header param length expires
    expiry expiration at hint field label placeholder version count path file prefix enabled
    required ttl index hash license lifetime timeout cache event policy format
    """.split()
)
_KEY_QUALIFIERS = frozenset(
    "api private secret access signing master encryption service admin auth client app webhook "
    "server deploy bot integration storage account shared sas aws azure gcp".split()
)
_STRONG_TOKEN_QUALIFIERS = frozenset(
    "api service admin server bot deploy personal webhook integration master secret".split()
)
_WEAK_TOKEN_WORDS = frozenset("token tokens bearer jwt".split())
_CLOUD_WORDS = frozenset("aws azure gcp gcloud google s3".split())
_DEVELOPER_TEXT = surfaces_where(lambda s: s.developer_text)
"""Code and comments: a credential under a key there was written in by hand."""


@lru_cache(maxsize=16384)
def secret_key_strength(tokens: tuple[str, ...]) -> str | None:
    """Return "strong", "weak" or None for how surely a key names a secret.

    Strong: ``clientSecret``, ``apiKey``, ``privateKey``, ``apiToken``… Weak: a bare ``token`` or
    ``accessToken``, usually the user's own session. Never: ``publicKey``, ``siteKey``, ``keyId``.
    """
    s = set(tokens)
    if not s or s & _SECRET_EXCLUDE:
        return None
    if "secret" in s or "secrets" in s or "apikey" in s or "credential" in s:
        return "strong"
    if ("key" in s or "keys" in s) and s & _KEY_QUALIFIERS:
        return "strong"
    if s & _WEAK_TOKEN_WORDS:
        return "strong" if s & _STRONG_TOKEN_QUALIFIERS else "weak"
    return None


class KeyedSecretRecognizer:
    """A random-looking value under a key that names a secret (``clientSecret``, ``apiKey``).

    Confidence: strong keys 0.8; weak keys (``token``, ``accessToken``) 0.65 in program text and
    comments (a hard-coded token) and 0.4 elsewhere (a session the user may hold). The class is
    ``secret.cloud_key`` when the key names AWS, Azure or GCP.
    """

    name = "keyed_secret"
    data_classes = (classes.API_KEY, classes.CLOUD_KEY)

    def wants(self, ctx: Context) -> bool:
        """Return whether the key names a secret."""
        return secret_key_strength(ctx.key_tokens) is not None

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the secret value in ``text`` if it looks like a credential."""
        stripped = text.strip()
        value = stripped[7:] if stripped.lower().startswith("bearer ") else stripped
        if not looks_like_credential(value) or value.startswith("eyJ"):
            return []
        if any(shape.pattern.fullmatch(value) for shape in TOKEN_SHAPES):
            return []  # a vendor token: the token recognizer applies its own rules
        strength = secret_key_strength(ctx.key_tokens)
        if strength == "strong":
            score = 0.8
        elif ctx.surface in _DEVELOPER_TEXT:
            score = 0.65
        else:
            score = 0.4
        data_class = classes.CLOUD_KEY if ctx.key_set & _CLOUD_WORDS else classes.API_KEY
        start = text.index(value)
        end = start + len(value)
        if start == 0 and end == len(text):
            end = -1
        return [Detection(data_class, clamp(score), self.name, start, end)]
