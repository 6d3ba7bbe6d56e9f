"""Generate the labelled detection corpus (``corpus.jsonl``): python -m tests.detect.corpus_gen

Deterministic: a fixed seed for our own generators and for Faker (``da_DK``, ``sv_SE``,
``no_NO``, ``fi_FI``, ``en_US``, and a few other locales for Presidio's countries). Faker's
output changes between versions, so the generated file is committed and the test reads the file;
``FAKER_VERSION`` records the version that wrote it (the ``dev`` extra pins it; the test
regenerates and compares only when the installed Faker is that version), and ``FAKER_NOW`` the
date Faker's age-based IDs were drawn back from.

Each line is one exposure: ``value``, ``key``, ``path``, ``type`` (GraphQL type), ``surface``,
``expect`` (data classes that must be detected), ``allow`` (classes that may also be detected
without counting as false positives, e.g. a note that contains the phone number it mentions),
and ``kind`` (what generated it, for reading failures). Values are made up here; nothing is
copied from the fixtures.
"""

from __future__ import annotations

import base64
import json
import random
import string
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from unittest.mock import patch
from urllib.parse import quote

from tests.detect.detect_gen import (
    card,
    cpr,
    fi_hetu,
    grouped,
    iban,
    kennitala,
    luhn_digit,
    no_fodselsnummer,
    se_personnummer,
    token,
)

FAKER_VERSION = "40.54.0"
FAKER_NOW = datetime(2026, 11, 22, 9, 0)
"""The clock Faker reads while the corpus is built: its Swedish, Norwegian, Finnish and Polish IDs
are birth dates drawn back from "now", so with the real clock the corpus would change daily."""
SEED = 20260601
OUT = Path(__file__).with_name("corpus.jsonl")
NORDIC = ("da_DK", "sv_SE", "no_NO", "fi_FI", "en_US")
CANARIES = (
    "kanarie.fuglsang@canary-test.dk",
    "Kanarie Fuglsang",
    "0312881357",
    "CANARY-7Q4X-ZETA",
)
"""Canary values the corpus test configures (made up; the 10-digit one is a valid CPR)."""

Item = dict[str, Any]


def item(
    value: str,
    expect: tuple[str, ...] | list[str] = (),
    key: str | None = None,
    *,
    kind: str,
    surface: str = "network-json",
    path: str | None = None,
    type_name: str | None = None,
    allow: tuple[str, ...] | list[str] = (),
    row: str | None = None,
) -> Item:
    out = {
        "value": value,
        "key": key,
        "path": path or (f"$.data.record.{key}" if key else "$.data.record"),
        "type": type_name,
        "surface": surface,
        "expect": sorted(set(expect)),
        "allow": sorted(set(allow)),
        "kind": kind,
    }
    if row:
        out["row"] = row
    return out


def birth(rng: random.Random, lo: int = 1920, hi: int = 2023) -> date:
    start = date(lo, 1, 1)
    return start + timedelta(days=rng.randrange((date(hi, 12, 31) - start).days))


# --- national IDs (our own generators, and what generators never emit) ---------------------


def cpr_any(rng: random.Random, *, mod11: bool | None = None, hyphen: bool = True) -> str:
    born = birth(rng, 1900, 2023)
    want = mod11 if mod11 is not None else (born.year < 2007 or rng.random() < 0.5)
    return cpr(born, rng, mod11=want, hyphen=hyphen)


def se_samordning(born: date, rng: random.Random, long: bool = False, sep: str = "-") -> str:
    body = f"{born:%y%m}{born.day + 60:02d}{rng.randrange(1000):03d}"
    number = body + luhn_digit(body)
    prefix = f"{born.year // 100}" if long else ""
    return f"{prefix}{number[:6]}{sep}{number[6:]}"


def se_any(rng: random.Random) -> tuple[str, str]:
    born = birth(rng, 1925, 2022)
    style = rng.randrange(6)
    if style == 0:
        return se_personnummer(born, rng), "se"
    if style == 1:
        return se_personnummer(born, rng, long=True), "se_12"
    if style == 2:
        return se_personnummer(born, rng, long=True).replace("-", ""), "se_12_bare"
    if style == 3:
        return se_samordning(born, rng), "se_samordning"
    if style == 4:
        old = birth(rng, 1905, 1925)
        return se_personnummer(old, rng).replace("-", "+"), "se_plus"
    return se_samordning(born, rng, long=True), "se_samordning_12"


def no_d_number(born: date, rng: random.Random) -> str:
    """A Norwegian D-number: the day plus 40, both control digits."""
    k1w = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    k2w = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        nine = f"{born.day + 40:02d}{born:%m%y}{rng.randrange(0, 500):03d}"
        k1 = 11 - sum(int(d) * w for d, w in zip(nine, k1w, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        ten = nine + str(k1)
        k2 = 11 - sum(int(d) * w for d, w in zip(ten, k2w, strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 != 10:
            return ten + str(k2)


FI_SIGNS = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}


def fi_hetu_sign(born: date, rng: random.Random) -> str:
    """A HETU with any of the century signs valid for its year (2023 rules)."""
    sign = rng.choice(FI_SIGNS[born.year // 100 * 100])
    ind = f"{rng.randrange(2, 900):03d}"
    control = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{born:%d%m%y}{ind}") % 31]
    return f"{born:%d%m%y}{sign}{ind}{control}"


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino(rng: random.Random, spaced: bool) -> str:
    while True:
        prefix = rng.choice(NINO_FIRST) + rng.choice(NINO_SECOND)
        if prefix not in NINO_BAD_PREFIX:
            break
    digits = f"{rng.randrange(10**6):06d}"
    suffix = rng.choice("ABCD")
    if spaced:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VERHOEFF_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
_VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def aadhaar(rng: random.Random) -> str:
    """An Aadhaar number: 11 digits (not starting 0 or 1) and a Verhoeff check digit."""
    body = str(rng.randrange(2, 10)) + "".join(rng.choice(string.digits) for _ in range(10))
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[(i + 1) % 8][int(ch)]]
    return body + str(_VERHOEFF_INV[c])


def ssn_us(rng: random.Random) -> str:
    while True:
        area = rng.randrange(1, 900)
        if area != 666:
            break
    return f"{area:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"


def _date_ok(year: int, month: int, day: int) -> bool:
    try:
        return date(year, month, day) <= date.today()
    except ValueError:
        return False


def cpr_date_ok(d: str) -> bool:
    """The CPR's date with its century digit (an implementation separate from the detector's)."""
    dd, mm, yy, d7 = int(d[0:2]), int(d[2:4]), int(d[4:6]), int(d[6])
    if d7 <= 3:
        year = 1900 + yy
    elif d7 in (4, 9):
        year = (2000 if yy <= 36 else 1900) + yy
    else:
        year = (2000 if yy <= 57 else 1800) + yy
    return _date_ok(year, mm, dd)


def se_ok(d: str) -> bool:
    yy, mm, dd = int(d[0:2]), int(d[2:4]), int(d[4:6])
    dd = dd - 60 if dd > 60 else dd
    dated = _date_ok(1900 + yy, mm, dd) or _date_ok(2000 + yy, mm, dd)
    return dated and luhn_digit(d[:9]) == d[9]


def fi_numeric_ok(d: str) -> bool:
    return "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(d[:9]) % 31] == d[9] and _date_ok(
        1900 + int(d[4:6]), int(d[2:4]), int(d[0:2])
    )


def nordic_alternatives(value: str) -> set[str]:
    """Return the Nordic classes a 10-digit value (optionally ``-``) is valid as, by checksum.

    Such a number is ambiguous (``121212-1212`` is a valid CPR and a valid personnummer), so
    these classes are allowed beside the one the generator meant.
    """
    digits = value.replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        return set()
    out = set()
    if cpr_date_ok(digits):
        out.add("national_id.dk")
    if se_ok(digits):
        out.add("national_id.se")
    if "-" in value and fi_numeric_ok(digits):
        out.add("national_id.fi")
    return out


def break_check(value: str) -> str:
    """Change the last check digit/character (a near miss)."""
    last = value[-1]
    if last.isdigit():
        return value[:-1] + str((int(last) + 1 + (last == "9")) % 10)
    return value[:-1] + ("B" if last != "B" else "C")


# --- contact data --------------------------------------------------------------------------

DK_MOBILE_PREFIX = ("20", "21", "22", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42")
DK_MOBILE_PREFIX += ("50", "51", "52", "53", "60", "61", "71", "81", "91", "93")


def phone_valid(rng: random.Random) -> tuple[str, str]:
    """A number in an assigned range, written as people write it; returns (text, region)."""
    region = rng.choice(("DK", "DK", "SE", "NO", "FI", "US", "GB", "DE"))
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    if region == "DK":
        n = rng.choice(DK_MOBILE_PREFIX) + d(6)
        style = rng.randrange(4)
        text = [
            f"+45 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
            f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
            f"+45{n}",
            f"{n[:4]} {n[4:]}",
        ][style]
    elif region == "SE":
        n = "7" + rng.choice("02369") + d(7)
        text = rng.choice(
            (f"+46 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", f"0{n[:2]}-{n[2:5]} {n[5:7]} {n[7:]}")
        )
    elif region == "NO":
        n = rng.choice("49") + d(7)
        text = rng.choice((f"+47 {n[:3]} {n[3:5]} {n[5:]}", f"{n[:3]} {n[3:5]} {n[5:]}"))
    elif region == "FI":
        n = rng.choice(("40", "41", "44", "45", "50")) + d(7)
        text = rng.choice((f"+358 {n[:2]} {n[2:]}", f"0{n[:2]} {n[2:5]} {n[5:]}"))
    elif region == "US":
        area = rng.choice(("212", "415", "617", "312", "206", "512", "303", "404"))
        n = area + rng.choice("23456789") + d(2) + d(4)
        text = rng.choice((f"+1 {n[:3]} {n[3:6]} {n[6:]}", f"({n[:3]}) {n[3:6]}-{n[6:]}"))
    elif region == "GB":
        n = "7" + rng.choice("456789") + d(8)
        text = rng.choice((f"+44 {n[:4]} {n[4:]}", f"0{n[:4]} {n[4:]}"))
    else:
        n = "15" + rng.choice("12579") + d(8)
        text = f"+49 {n[:3]} {n[3:]}"
    return text, region


def global_ipv6(f: Any) -> str:
    """A global IPv6 address from Faker (its ``ipv6()`` also yields private and reserved ones)."""
    import ipaddress

    while True:
        value = f.ipv6()
        if ipaddress.ip_address(value).is_global:
            return value


def email_own(rng: random.Random, first: str, last: str) -> str:
    fold = str.maketrans("æøåäöüéÆØÅÄÖ", "eoaaoueEOAAO")
    local = rng.choice(
        (f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randrange(100)}", f"{last}.{first}")
    )
    local = local.lower().translate(fold).replace(" ", "").replace("'", "")
    domain = rng.choice(
        ("gmail.com", "outlook.dk", "hotmail.se", "online.no", "yahoo.fi", "firma.dk", "mail.co.uk")
    )
    if rng.random() < 0.1:
        local += "+bolig"
    return f"{local}@{domain}"


# --- secrets -------------------------------------------------------------------------------

B64 = string.ascii_letters + string.digits + "+/"
UPPER32 = string.ascii_uppercase + "234567"


def pem(rng: random.Random, kind: str, escaped: bool = False) -> str:
    body = "\n".join(token(rng, 64, B64) for _ in range(rng.randrange(6, 12)))
    text = f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"
    return text.replace("\n", "\\n") if escaped else text


def jwt(rng: random.Random, claims: dict[str, object]) -> str:
    def enc(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc(claims)}.{token(rng, 43)}"


def password(rng: random.Random) -> str:
    words = ("Sommer", "Vinter", "Hund", "Kat", "Blomst", "Storm", "Fjord", "Skov", "Lyng")
    style = rng.randrange(3)
    if style == 0:
        return f"{rng.choice(words)}{rng.randrange(1990, 2030)}{rng.choice('!#?%&')}"
    if style == 1:
        return token(rng, rng.randrange(10, 20), string.ascii_letters + string.digits + "!#%&*-_")
    return f"{rng.choice(words).lower()}-{rng.choice(words).lower()}-{rng.randrange(10, 99)}"


def secrets(rng: random.Random) -> Iterator[Item]:
    api, cloud = "secret.api_key", "secret.cloud_key"
    shapes: list[tuple[str, Callable[[], str], str]] = [
        ("stripe_live", lambda: "sk_live_" + token(rng, 24), api),
        ("stripe_restricted", lambda: "rk_live_" + token(rng, 24), api),
        ("github", lambda: rng.choice("pousr").join(("gh", "_")) + token(rng, 36), api),
        ("github_pat", lambda: "github_pat_" + token(rng, 22) + "_" + token(rng, 59), api),
        (
            "slack",
            lambda: (
                f"xox{rng.choice('bpa')}-{token(rng, 12, string.digits)}-"
                f"{token(rng, 13, string.digits)}-{token(rng, 24)}"
            ),
            api,
        ),
        ("sendgrid", lambda: f"SG.{token(rng, 22)}.{token(rng, 43)}", api),
        ("npm", lambda: "npm_" + token(rng, 36), api),
        ("gitlab", lambda: "glpat-" + token(rng, 20), api),
        ("openai", lambda: "sk-proj-" + token(rng, 48), api),
        ("anthropic", lambda: "sk-ant-api03-" + token(rng, 93), api),
        ("aws_id", lambda: "AKIA" + token(rng, 16, UPPER32), cloud),
        ("gcp_oauth", lambda: "GOCSPX-" + token(rng, 28), cloud),
        ("azure_storage", lambda: "AccountKey=" + token(rng, 86, B64) + "==", cloud),
    ]
    for label, make, data_class in shapes:
        for i in range(14):
            value = make()
            where = i % 4
            if where == 0:
                yield item(value, [data_class], None, kind=f"token:{label}", surface="js-bundle")
            elif where == 1:
                yield item(value, [data_class], "config", kind=f"token:{label}")
            elif where == 2:
                text = f'var e={{env:"production",key:"{value}",retries:3}};'
                yield item(text, [data_class], None, kind=f"token:{label}:js", surface="js-bundle")
            else:
                text = f"<!-- deploy: use {value} for the nightly sync -->"
                yield item(
                    text, [data_class], None, kind=f"token:{label}:comment", surface="html-comment"
                )
    for i in range(30):
        secret = token(rng, 40, B64)
        key = rng.choice(("aws_secret_access_key", "secretAccessKey", "AWS_SECRET_ACCESS_KEY"))
        if i % 2:
            yield item(secret, [cloud], key, kind="aws_secret")
        else:
            text = f"AWS_ACCESS_KEY_ID=AKIA{token(rng, 16, UPPER32)}\n{key.upper()}={secret}\n"
            yield item(text, [cloud], None, kind="aws_secret:env", surface="error-page")
    for i in range(40):
        value = token(rng, rng.choice((32, 40, 48)))
        key = rng.choice(("apiKey", "clientSecret", "x-api-key", "secretKey", "privateApiToken"))
        key = rng.choice((key, "azureStorageKey")) if i % 7 == 0 else key
        cls = cloud if key.startswith("azure") else api
        yield item(
            value,
            [cls],
            key,
            kind="keyed_secret",
            surface=rng.choice(("network-json", "web-storage")),
        )
    for kind_ in (
        "RSA PRIVATE KEY",
        "PRIVATE KEY",
        "EC PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "PGP PRIVATE KEY BLOCK",
    ):
        for i in range(10):
            escaped = i % 3 == 1
            value = pem(rng, kind_, escaped=escaped)
            if i % 3 == 2:
                value = f'const key = "{value.replace(chr(10), chr(92) + "n")}";'
            yield item(
                value, ["secret.private_key"], None, kind=f"pem:{kind_}", surface="js-bundle"
            )
    for _ in range(8):
        lines = "\n".join(token(rng, 64, B64) for _ in range(6))
        value = (
            f"PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: deploy\nPublic-Lines: 6\n"
            f"{lines}\nPrivate-Lines: 6\n{lines}\nPrivate-MAC: {token(rng, 40, '0123456789abcdef')}"
        )
        yield item(value, ["secret.private_key"], None, kind="putty", surface="source-map")
    for _ in range(12):
        der = "MII" + token(rng, rng.randrange(600, 1400), B64)
        yield item(
            der,
            ["secret.private_key"],
            rng.choice(("pfx", "clientP12", "keystore")),
            kind="keystore",
        )
    for i in range(14):
        value = pem(rng, "CERTIFICATE")
        client = i % 2 == 0
        key = "clientCert" if client else "caCertificate"
        expect = ["secret.certificate"] if client else []
        yield item(
            value, expect, key, kind="certificate:client" if client else "certificate:public"
        )
    schemes = ("postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqps", "mssql")
    for i in range(60):
        user = rng.choice(("app", "svc_estate", "reporting", "admin", "web"))
        pw = password(rng).replace("@", "x").replace("/", "x").replace("#", "x").replace("?", "x")
        host = rng.choice(
            (
                "db01.internal",
                "pg.prod.corp",
                "10.0.4.17",
                "cluster0.ab1cd.mongodb.net",
                "cache.example.dk",
            )
        )
        style = i % 4
        if style in (0, 1):
            value = f"{rng.choice(schemes)}://{user}:{pw}@{host}:5432/estate"
        elif style == 2:
            value = f"Server={host};Database=Estate;User Id={user};Password={pw.replace(';', 'x')};"
        else:
            value = f"jdbc:mysql://{host}:3306/estate?user={user}&password={pw.replace('&', 'x')}"
        allow = ["internal_host", "secret.password"]
        if style == 1:
            value = f'const DATABASE_URL = "{value}";'
            yield item(
                value,
                ["secret.connection_string"],
                None,
                kind="conn:js",
                surface="js-bundle",
                allow=allow,
            )
        else:
            yield item(
                value,
                ["secret.connection_string"],
                rng.choice(("dsn", "databaseUrl", "connectionString")),
                kind=f"conn:{style}",
                allow=allow,
            )
    for i in range(70):
        pw = password(rng)
        style = i % 5
        if style == 0:
            yield item(
                pw,
                ["secret.password"],
                rng.choice(("password", "dbPassword", "DB_PASSWORD", "adminPwd", "passwd")),
                kind="password:key",
            )
        elif style == 1:
            text = f'var cfg={{user:"app",password:"{pw}",host:"db"}};'
            yield item(text, ["secret.password"], None, kind="password:js", surface="js-bundle")
        elif style == 2:
            text = (
                f"Traceback (most recent call last):\n  DB_HOST=db DB_USER=app DB_PASSWORD={pw}\n"
            )
            yield item(text, ["secret.password"], None, kind="password:env", surface="error-page")
        elif style == 3:
            text = f"<!-- test login: admin / password: {pw} (remove before release) -->"
            yield item(
                text, ["secret.password"], None, kind="password:comment", surface="html-comment"
            )
        else:
            text = f"smtp:\n  host: mail.example.dk\n  username: noreply\n  password: {pw}\n"
            yield item(
                text, ["secret.password"], None, kind="password:yaml", surface="linked-document"
            )
    for i in range(24):
        claims: dict[str, object] = {
            "iss": "supabase",
            "role": "service_role",
            "exp": 1900000000 + i,
        }
        if i % 2:
            yield item(
                jwt(rng, claims),
                ["secret.jwt"],
                "supabaseKey",
                kind="jwt:service_role",
                surface="js-bundle",
            )
        else:
            yield item(
                jwt(rng, {"iss": "billing", "exp": 1900000000 + i}),
                ["secret.jwt"],
                rng.choice(("serviceToken", "apiJwt", "internalApiToken")),
                kind="jwt:service_key",
            )


def secret_negatives(rng: random.Random) -> Iterator[Item]:
    for i in range(20):
        yield item(
            "pk_live_" + token(rng, 24),
            [],
            rng.choice(("stripeKey", "publishableKey")),
            kind="neg:publishable",
            surface="js-bundle",
        )
        yield item(
            "AIza" + token(rng, 35),
            [],
            rng.choice(("apiKey", "firebaseApiKey")),
            kind="neg:browser_key",
            surface="js-bundle",
        )
        yield item(
            jwt(rng, {"iss": "supabase", "role": "anon", "exp": 1900000000}),
            [],
            "supabaseAnonKey",
            kind="neg:anon_jwt",
            surface="js-bundle",
        )
        yield item(
            jwt(rng, {"sub": f"user-{i}", "role": "authenticated"}),
            [],
            "accessToken",
            kind="neg:user_jwt",
            surface="web-storage",
        )
        yield item(
            token(rng, 32),
            [],
            rng.choice(("csrfToken", "publicKey", "siteKey", "key", "nonce")),
            kind="neg:public_token",
        )
        yield item(
            rng.choice(
                (
                    "changeme",
                    "****",
                    "${DB_PASSWORD}",
                    "your-api-key-here",
                    "<password>",
                    "••••••••",
                    "Password",
                    "Enter your password",
                )
            ),
            [],
            rng.choice(("password", "apiKey", "passwordLabel")),
            kind="neg:placeholder",
        )
        yield item(
            pem(rng, "PUBLIC KEY"), [], "publicKey", kind="neg:public_key", surface="js-bundle"
        )
        yield item(
            "postgres://${DB_USER}:${DB_PASS}@db/app",
            [],
            "dsn",
            kind="neg:conn_placeholder",
            surface="js-bundle",
            allow=["internal_host"],
        )


# --- hard negatives ------------------------------------------------------------------------


def hard_negatives(rng: random.Random) -> Iterator[Item]:
    neutral_numeric_keys = (
        "orderId",
        "orderNumber",
        "invoiceNo",
        "amount",
        "timestamp",
        "createdAt",
        "ts",
        "id",
        "sku",
        "productCode",
        "trackingNumber",
        "price",
        "total",
        "version",
        "size",
    )
    # 1,200 ten-digit numbers: timestamps, order and invoice numbers, phone-like product codes.
    for i in range(1200):
        style = i % 6
        if style == 0:
            value = str(rng.randrange(1_000_000_000, 1_900_000_000))  # Unix seconds
            key = rng.choice(("createdAt", "timestamp", "ts", "updated", "epoch"))
        elif style == 1:
            value = f"{rng.randrange(10**9, 10**10)}"
            key = rng.choice(neutral_numeric_keys)
        elif style == 2:
            value = f"{rng.randrange(10**9, 10**10)}"
            key = rng.choice(("value", "data", None, "n", "x"))
        elif style == 3:
            n = f"{rng.randrange(10**9, 10**10)}"
            value = f"{n[:4]} {n[4:7]} {n[7:]}"  # phone-like product code
            key = rng.choice(("sku", "productCode", "ean", "articleNo"))
        elif style == 4:
            n = f"{rng.randrange(10**9, 10**10)}"
            value = rng.choice(
                (
                    f"Ordre {n} afsendt",
                    f"Order #{n} shipped",
                    f"Faktura nr. {n}",
                    f"Ref: {n}",
                    f"Sag {n[:4]}-{n[4:]} oprettet",
                )
            )
            key = "message"
        else:
            value = str(rng.randrange(1_500_000_000_000, 1_900_000_000_000))  # Unix ms (13 digits)
            key = rng.choice(("createdAt", "timestamp", "lastSeen"))
        kind = f"neg:ten_digit:{style}" if style < 5 else "neg:ms_timestamp"
        yield item(value, [], key, kind=kind)
    for _ in range(150):
        yield item(
            str(__import__("uuid").UUID(int=rng.getrandbits(128))),
            [],
            rng.choice(("id", "uuid", "requestId", None)),
            kind="neg:uuid",
        )
    for _ in range(150):
        n = rng.choice((32, 40, 64))
        yield item(
            "".join(rng.choice("0123456789abcdef") for _ in range(n)),
            [],
            rng.choice(("hash", "etag", "sha", "checksum", "commit", None)),
            kind="neg:hash",
        )
    for _ in range(150):
        amount = rng.randrange(1000, 20_000_000)
        value = rng.choice(
            (
                f"{amount:,}".replace(",", ".") + " kr.",
                f"DKK {amount:,}.00",
                f"{amount / 100:.2f}",
                f"€ {amount:,}",
                f"{amount} SEK",
            )
        )
        yield item(
            value, [], rng.choice(("price", "amount", "label", "text", None)), kind="neg:price"
        )
    for _ in range(30):
        data = base64.b64encode(
            bytes(rng.getrandbits(8) for _ in range(rng.randrange(300, 1500)))
        ).decode()
        yield item(
            f"data:image/png;base64,{data}",
            [],
            rng.choice(("src", "avatar", "image")),
            kind="neg:base64_image",
            surface="dom-hidden",
        )
    for _ in range(60):
        chunks = []
        for j in range(rng.randrange(8, 24)):
            a, b = rng.sample("etnroiasucl", 2)
            chunks.append(
                f"function {a}{j}({a},{b}){{if(!{a})return null;var n={a}.length|0;for(var i=0;"
                f"i<n;i++)"
                f"{{{b}[i]={a}[i]*{rng.randrange(2, 9)}+{rng.randrange(255)}}}"
                f'return {b}.join("-")}};'
                f"var t{j}={rng.randrange(10**9, 10**10)},"
                f'v{j}="{rng.randrange(1, 9)}.{rng.randrange(20)}.{rng.randrange(50)}";'
            )
        yield item("".join(chunks), [], None, kind="neg:minified_js", surface="js-bundle")
    words = (
        "ACTIVE",
        "WITHDRAWN",
        "true",
        "false",
        "null",
        "Villa med udsigt",
        "Premium Package",
        "kitchen-renovation.pdf",
        "Nordic Estates ApS",
        "Tilstandsrapport",
        "Se alle bud",
        "Log ind",
        "2024-03-01",
        "2024-03-01T10:00:00Z",
        "1.2.3",
        "v4.17.21",
        "#ff8800",
        "rgba(0,0,0,0.5)",
        "en-US",
        "Europe/Copenhagen",
    )
    for _ in range(200):
        yield item(
            rng.choice(words),
            [],
            rng.choice(
                (
                    "status",
                    "title",
                    "label",
                    "productName",
                    "companyName",
                    "file",
                    "color",
                    "locale",
                    None,
                )
            ),
            kind="neg:word",
        )
    for _ in range(60):
        yield item(
            f"{rng.randrange(1, 20)}.{rng.randrange(0, 30)}."
            f"{rng.randrange(0, 99)}.{rng.randrange(0, 99)}",
            [],
            rng.choice(("version", None)),
            kind="neg:version",
            surface="js-bundle",
        )


def near_misses(rng: random.Random) -> Iterator[Item]:
    for i in range(80):
        born = birth(rng, 1930, 2020)
        yield item(
            break_check(se_personnummer(born, rng, long=i % 2 == 0)),
            [],
            rng.choice(("personnummer", None)),
            kind="near:se_luhn",
            allow=["national_id.dk"],
        )
        yield item(
            break_check(no_fodselsnummer(born, rng)),
            [],
            rng.choice(("fodselsnummer", None)),
            kind="near:no_k2",
        )
        yield item(
            break_check(fi_hetu(born, rng)),
            [],
            rng.choice(("hetu", None)),
            kind="near:fi_control",
            allow=["national_id.dk"],
        )
        iban_value = iban(rng.choice(("DK", "DE", "NO", "FI", "SE", "GB")), rng)
        bad = f"{iban_value[:2]}{(int(iban_value[2:4]) + 1) % 100:02d}{iban_value[4:]}"
        yield item(bad, [], rng.choice(("iban", None)), kind="near:iban_check")
        number = card(rng.choice(("4", "51", "37")), 16, rng)
        yield item(
            number[:-1] + str((int(number[-1]) + 1) % 10),
            [],
            rng.choice(("cardNumber", None)),
            kind="near:card_luhn",
        )
        # A CPR-shaped number with an impossible date (the 32nd, the 13th month, 29/2 in 1901).
        bad_cpr = rng.choice(
            (
                f"32{rng.randrange(1, 13):02d}{rng.randrange(100):02d}",
                f"{rng.randrange(1, 29):02d}13{rng.randrange(100):02d}",
                "290201",
            )
        )
        yield item(
            f"{bad_cpr}-{rng.randrange(10000):04d}",
            [],
            rng.choice(("cpr", None)),
            kind="near:cpr_date",
        )
        first = rng.choice("DFIQUV")
        yield item(
            f"{first}{rng.choice(NINO_SECOND)}{rng.randrange(10**6):06d}{rng.choice('ABCD')}",
            [],
            rng.choice(("nino", None)),
            kind="near:nino_prefix",
        )


# --- the corpus ----------------------------------------------------------------------------


def faker(locale: str, seed: int) -> Any:
    from faker import Faker

    f = Faker(locale)
    f.seed_instance(seed)
    return f


SENTENCES = {
    "email": ("Skriv til {v} hvis du har spørgsmål", "Contact: {v}", "Kopi sendt til {v}."),
    "phone": ("Ring til mig på tlf. {v} efter kl. 16", "Phone: {v}", "Mobil {v} (privat)"),
    "national_id.dk": ("Kundens CPR-nr. er {v} og er bekræftet", "cpr {v}", "CPR: {v}"),
    "national_id.se": ("Personnummer {v} (kontrollerat)", "Sökandens personnummer: {v}", "pnr {v}"),
    "national_id.no": ("Fødselsnummer: {v}", "Søkerens fødselsnummer er {v}.", "fnr {v}"),
    "national_id.fi": ("Henkilötunnus: {v}", "HETU {v} tarkistettu", "hetu: {v}"),
    "iban": ("Overfør til konto {v} senest fredag", "IBAN: {v}", "Pay to {v}"),
    "card_number": ("Kort: {v} udløber 12/27", "card number {v}", "Betalt med {v}"),
    "ip_address": ("Login fra IP {v} kl. 10", "remote addr {v}", "client ip: {v}"),
}


def contact(rng: random.Random) -> Iterator[Item]:
    for li, locale in enumerate(NORDIC):
        f = faker(locale, SEED + li)
        for i in range(70):
            first, last = f.first_name(), f.last_name()
            # E-mail: Faker's and our own, under keys, bare, in text.
            value = f.email() if i % 2 else email_own(rng, first, last)
            where = i % 5
            if where == 0:
                yield item(
                    value,
                    ["email"],
                    rng.choice(("email", "bidderEmail", "contactMail")),
                    kind=f"email:{locale}",
                )
            elif where == 1:
                yield item(value, ["email"], "value", kind=f"email:{locale}:neutral")
            elif where == 2:
                yield item(
                    rng.choice(SENTENCES["email"]).format(v=value),
                    ["email"],
                    None,
                    kind=f"email:{locale}:text",
                    surface="html-comment",
                )
            elif where == 3:
                yield item(
                    f"https://collect.example/p?uid={quote(value)}&ev=view",
                    ["email"],
                    "url",
                    kind=f"email:{locale}:url",
                    surface="third-party-request",
                )
            else:
                yield item(
                    f'var support="{value}";',
                    ["email"],
                    None,
                    kind=f"email:{locale}:js",
                    surface="js-bundle",
                )
            # Person names: by key and context.
            name = f"{first} {last}"
            where = i % 4
            if where == 0:
                yield item(
                    name,
                    ["person_name"],
                    rng.choice(("bidderName", "fullName", "sellerName", "contactName")),
                    kind=f"name:{locale}:key",
                )
            elif where == 1:
                yield item(
                    name,
                    ["person_name"],
                    "name",
                    path="$.data.case.bids[*].bidder.name",
                    type_name="Person",
                    kind=f"name:{locale}:typed",
                )
            elif where == 2:
                yield item(
                    first,
                    ["person_name"],
                    rng.choice(("firstName", "fornavn", "givenName")),
                    kind=f"name:{locale}:first",
                )
            else:
                yield item(
                    last,
                    ["person_name"],
                    rng.choice(("lastName", "efternavn", "surname")),
                    kind=f"name:{locale}:last",
                )
            # Faker's phones under a phone key (whatever the numbering plan says of them).
            yield item(
                f.phone_number(),
                ["phone"],
                rng.choice(("phone", "mobile", "tlf", "contactPhone", "telefon")),
                kind=f"phone:{locale}:faker_key",
            )
            # Addresses.
            street = f.street_address()
            if i % 2 == 0:
                yield item(
                    street,
                    ["address"],
                    rng.choice(("address", "street", "addressLine1", "adresse")),
                    kind=f"address:{locale}:key",
                )
            elif locale != "en_US":
                sentence = f"Fremvisning hos sælger, {street}, kl. 14."
                yield item(
                    sentence,
                    ["address"],
                    None,
                    kind=f"address:{locale}:text",
                    surface="html-comment",
                )
            # Cards and IP addresses.
            number = f.credit_card_number()
            if len(number) >= 13:
                shown = grouped(number) if i % 3 == 0 else number
                if i % 2:
                    yield item(
                        shown,
                        ["card_number"],
                        rng.choice(("cardNumber", "pan", "creditCard")),
                        kind=f"card:{locale}:key",
                    )
                else:
                    yield item(
                        rng.choice(SENTENCES["card_number"]).format(v=shown),
                        ["card_number"],
                        None,
                        kind=f"card:{locale}:text",
                        surface="html-comment",
                    )
            if i % 3 == 0:
                ip = f.ipv4_public() if i % 2 else global_ipv6(f)
                yield item(
                    ip,
                    ["ip_address"],
                    rng.choice(("ip", "clientIp", "lastLoginIp", "remoteAddr")),
                    kind=f"ip:{locale}:key",
                )
            elif i % 3 == 1:
                yield item(
                    rng.choice(SENTENCES["ip_address"]).format(v=f.ipv4_public()),
                    ["ip_address"],
                    None,
                    kind=f"ip:{locale}:text",
                    surface="error-page",
                )
            # IBAN from Faker.
            if i % 3 == 2:
                value = f.iban()
                yield item(
                    value,
                    ["iban"],
                    rng.choice(("iban", "accountNumber", "value")),
                    kind=f"iban:{locale}:faker",
                )
            # Notes.
            if i % 2:
                note = " ".join(f.sentence() for _ in range(rng.randrange(1, 3)))
                yield item(
                    note,
                    ["free_text.note"],
                    rng.choice(
                        ("internalNote", "agentNotes", "comment", "diagnosis", "notes", "remarks")
                    ),
                    kind=f"note:{locale}",
                )
    # Phones in assigned ranges, in text and under neutral keys.
    for i in range(220):
        value, region = phone_valid(rng)
        where = i % 4
        if where == 0:
            yield item(
                value,
                ["phone"],
                rng.choice(("phone", "mobile", "bidderPhone")),
                kind=f"phone:{region}:key",
            )
        elif where == 1:
            yield item(
                rng.choice(SENTENCES["phone"]).format(v=value),
                ["phone"],
                None,
                kind=f"phone:{region}:text",
                surface="html-comment",
            )
        elif where == 2:
            yield item(
                value,
                ["phone"],
                rng.choice(("value", "contact", None)),
                kind=f"phone:{region}:neutral",
            )
        else:
            yield item(
                f'{{"bidderPhone":"{value}","bid":1}}',
                ["phone"],
                None,
                kind=f"phone:{region}:blob",
                surface="inline-state",
            )
    for i in range(90):
        country = rng.choice(("DK", "DE", "NO", "FI", "SE", "GB"))
        value = iban(country, rng)
        if i % 3 == 0:
            value = " ".join(value[j : j + 4] for j in range(0, len(value), 4))
        if i % 2:
            yield item(
                value,
                ["iban"],
                rng.choice(("iban", "konto", "value", None)),
                kind=f"iban:{country}",
            )
        else:
            yield item(
                rng.choice(SENTENCES["iban"]).format(v=value),
                ["iban"],
                None,
                kind=f"iban:{country}:text",
                surface="html-comment",
            )


def national_ids(rng: random.Random) -> Iterator[Item]:
    dk, se, no, fi = "national_id.dk", "national_id.se", "national_id.no", "national_id.fi"
    # Danish CPR: hyphenated (any), bare with mod-11, bare post-2007 without mod-11 under a key,
    # inside sentences and blobs.
    for i in range(420):
        style = i % 7
        if style == 0:
            yield item(
                cpr_any(rng),
                [dk],
                rng.choice(("cpr", "cprNumber", "value", None)),
                kind="cpr:hyphen",
            )
        elif style == 1:
            yield item(
                cpr_any(rng, mod11=True, hyphen=False),
                [dk],
                rng.choice(("cpr", "personnummer", "value", None)),
                kind="cpr:bare_mod11",
            )
        elif style == 2:
            born = birth(rng, 2007, 2023)
            yield item(
                cpr(born, rng, mod11=False, hyphen=rng.random() < 0.5),
                [dk],
                rng.choice(("cpr", "cprNr", "nationalId")),
                kind="cpr:post2007_no_mod11",
            )
        elif style == 3:
            yield item(
                rng.choice(SENTENCES[dk]).format(v=cpr_any(rng, hyphen=rng.random() < 0.5)),
                [dk],
                None,
                kind="cpr:text",
                surface="html-comment",
            )
        elif style == 4:
            yield item(
                f'{{"cpr":"{cpr_any(rng, hyphen=rng.random() < 0.5)}","name":"x"}}',
                [dk],
                None,
                kind="cpr:blob",
                surface="inline-state",
            )
        elif style == 5:
            born = birth(rng, 1858, 1899)
            yield item(
                cpr(born, rng, hyphen=True), [dk], rng.choice(("cpr", None)), kind="cpr:1800s"
            )
        else:
            value = cpr_any(rng, mod11=False, hyphen=False)
            yield item(
                value, [dk], rng.choice(("cpr", "ssn", "cprnr")), kind="cpr:bare_no_mod11_key"
            )
    # Swedish, from our generator (every shape) and from Faker's sv_SE.
    f = faker("sv_SE", SEED + 100)
    for i in range(320):
        if i % 4 == 3:
            value, shape = f.ssn(long=i % 8 == 3, dash=True), "faker"
        else:
            value, shape = se_any(rng)
        where = i % 3
        allow = [dk] if len(value) == 11 else []
        if where == 0:
            yield item(
                value,
                [se],
                rng.choice(("personnummer", "pnr", "samordningsnummer", "value", None)),
                kind=f"se:{shape}",
                allow=allow,
            )
        elif where == 1:
            yield item(
                rng.choice(SENTENCES[se]).format(v=value),
                [se],
                None,
                kind=f"se:{shape}:text",
                surface="html-comment",
                allow=allow,
            )
        else:
            yield item(value, [se], "personnummer", kind=f"se:{shape}:key", allow=allow)
    f = faker("no_NO", SEED + 101)
    for i in range(220):
        if i % 3 == 0:
            value, shape = f.ssn(), "faker"
        elif i % 3 == 1:
            value, shape = no_fodselsnummer(birth(rng, 1930, 2022), rng), "own"
        else:
            value, shape = no_d_number(birth(rng, 1930, 2022), rng), "d_number"
        if i % 2:
            yield item(
                value, [no], rng.choice(("fodselsnummer", "fnr", "value", None)), kind=f"no:{shape}"
            )
        else:
            yield item(
                rng.choice(SENTENCES[no]).format(v=value),
                [no],
                None,
                kind=f"no:{shape}:text",
                surface="html-comment",
            )
    f = faker("fi_FI", SEED + 102)
    for i in range(220):
        if i % 3 == 0:
            value, shape = f.ssn(), "faker"
        else:
            born = birth(rng, 1860, 2022) if i % 5 else birth(rng, 1860, 1899)
            value, shape = fi_hetu_sign(born, rng), f"sign_{'x'}"
            shape = f"sign{value[6]}"
        if i % 2:
            yield item(
                value,
                [fi],
                rng.choice(("hetu", "henkilotunnus", "value", None)),
                kind=f"fi:{shape}",
            )
        else:
            yield item(
                rng.choice(SENTENCES[fi]).format(v=value),
                [fi],
                None,
                kind=f"fi:{shape}:text",
                surface="html-comment",
            )
    for i in range(120):
        value = ssn_us(rng)
        if i % 2:
            yield item(
                value,
                ["national_id.us"],
                rng.choice(("ssn", "socialSecurityNumber", "value", None)),
                kind="us_ssn",
            )
        else:
            yield item(
                f"SSN: {value} (verified)",
                ["national_id.us"],
                None,
                kind="us_ssn:text",
                surface="html-comment",
            )
    for i in range(120):
        value = nino(rng, spaced=i % 2 == 0)
        if i % 3 == 0:
            yield item(
                f"National Insurance number {value}",
                ["national_id.gb"],
                None,
                kind="nino:text",
                surface="html-comment",
            )
        else:
            yield item(
                value,
                ["national_id.gb"],
                rng.choice(("nino", "niNumber", "nationalInsuranceNumber", "value")),
                kind="nino",
            )
    # Presidio's other countries (Faker locales that generate them), with their context words.
    for i in range(48):  # Spanish DNI/NIF and NIE (Faker's es_ES ignores the instance seed)
        number = rng.randrange(10**7, 10**8)
        letter = "TRWAGMYFPDXBNJZSQVHLCKE"
        if i % 2:
            value, key, text = f"{number}{letter[number % 23]}", "dni", "DNI: {v}"
        else:
            prefix = rng.randrange(3)
            body = rng.randrange(10**7)
            value = f"{'XYZ'[prefix]}{body:07d}{letter[int(f'{prefix}{body:07d}') % 23]}"
            key, text = "nie", "NIE {v}"
        if i % 4 < 2:
            yield item(value, ["national_id.es"], key, kind="presidio:national_id.es")
        else:
            yield item(
                text.format(v=value),
                ["national_id.es"],
                None,
                kind="presidio:national_id.es:text",
                surface="html-comment",
            )
    for i in range(24):
        value = aadhaar(rng)
        if i % 3 == 1:
            value = f"{value[:4]} {value[4:8]} {value[8:]}"
        if i % 2:
            yield item(value, ["national_id.in"], "aadhaar", kind="presidio:national_id.in")
        else:
            yield item(
                f"Aadhaar {value}",
                ["national_id.in"],
                None,
                kind="presidio:national_id.in:text",
                surface="html-comment",
            )
    others = (
        ("it_IT", "ssn", "national_id.it", "codiceFiscale", "Codice fiscale: {v}"),
        ("pl_PL", "pesel", "national_id.pl", "pesel", "PESEL: {v}"),
        ("tr_TR", "ssn", "national_id.tr", "tckn", "TC kimlik no: {v}"),
        ("en_CA", "ssn", "national_id.ca", "sin", "Social insurance number {v}"),
    )
    for oi, (locale, method, data_class, key, sentence) in enumerate(others):
        f = faker(locale, SEED + 200 + oi)
        for i in range(24):
            value = getattr(f, method)()
            if i % 2:
                yield item(value, [data_class], key, kind=f"presidio:{data_class}")
            else:
                yield item(
                    sentence.format(v=value),
                    [data_class],
                    None,
                    kind=f"presidio:{data_class}:text",
                    surface="html-comment",
                )


def canaries(rng: random.Random) -> Iterator[Item]:
    for i in range(240):
        canary = CANARIES[i % len(CANARIES)]
        style = (i // len(CANARIES)) % 12
        if style == 0:
            value = canary
        elif style == 1:
            value = canary.upper()
        elif style == 2:
            value = canary.lower()
        elif style == 3:
            value = " ".join(canary[j : j + 3] for j in range(0, len(canary), 3))
        elif style == 4:
            value = f"Bidder: {canary} (verified)"
        elif style == 5:
            value = f"https://collect.example/p?uid={quote(canary)}&ev=view"
        elif style == 6:
            value = canary.replace("@", "&#64;").replace(" ", "&nbsp;")
        elif style == 7:
            value = "data=" + base64.b64encode(f'{{"u":"{canary}"}}'.encode()).decode()
        elif style == 8:
            value = json.dumps({"u": canary}).replace("@", "\\u0040")
        elif style == 9:
            value = "-".join(canary)
        elif style == 10:
            value = base64.urlsafe_b64encode(canary.encode()).decode().rstrip("=")
        else:
            value = f"<!-- {canary} -->"
        allow = ["email", "person_name", "national_id.dk", "phone", "free_text.note"]
        yield item(
            value,
            ["canary"],
            rng.choice(("value", "comment", "bidder", None)),
            kind=f"canary:{style}",
            allow=allow,
        )


_NUMBER = __import__("re").compile(r"(?<![\w+])\d{6}-?\d{4}(?![\w])")


def with_alternatives(it: Item) -> Item:
    """Allow the other Nordic classes a generated national ID (or near miss) is also valid as."""
    if not it["kind"].startswith(("cpr", "se:", "fi:", "near:")):
        return it
    extra: set[str] = set()
    for m in _NUMBER.finditer(it["value"]):
        extra |= nordic_alternatives(m.group(0))
    it["allow"] = sorted((set(it["allow"]) | extra) - set(it["expect"]))
    return it


NAME_TEMPLATES = (
    "Ring til {n} i morgen om finansieringen.",
    "Kunden {n} har budt igen og venter svar.",
    "Meeting with {n} moved to Friday afternoon.",
    "Fremvisning aftalt med {n} kl. 14 på adressen.",
    "{n} ønsker at se ejendommen igen efter ferien.",
    "Note from agent: {n} called twice about the deposit.",
    "Sökande {n} har skickat in handlingarna.",
    "Kjøper {n} har ikke signert ennå.",
    "Asiakas {n} soitti eilen tarjouksesta.",
    "Spoke with {n}; she will send the documents.",
)
PLACES = (
    "Villa Nordlys",
    "Nordic Estates",
    "Harbour View",
    "Kitchen Renovation",
    "Premium Package",
    "Budget Forslag",
    "Se Alle",
    "New York",
    "San Francisco",
    "Los Angeles",
    "Tag Manager",
    "Google Analytics",
    "Open House",
    "Energy Label",
    "Aarhus Centrum",
    "Frederiksberg Have",
    "Vester Voldgade",
    "Stockholm City",
    "Oslo Sentrum",
    "Helsinki Vantaa",
    "Salgs Opstilling",
    "Tilstands Rapport",
    "Microsoft Teams",
    "Apple Pay",
    "Visa Secure",
    "Mobile Pay",
    "Danske Bank",
    "Nordea Finans",
    "Real Estate",
    "Home Office",
    "Roof Terrace",
)
PROSE = (
    "{p} har ny tilstandsrapport fra i dag.",
    "The listing for {p} was updated by the system.",
    "Se mere om {p} og {q} på siden.",
    "{p} integration is enabled for this case.",
    "Salgsopstilling: {p}, {q} og energimærke vedlagt.",
    "Payment via {p} failed; retry with {q} later.",
)


NUMBER_PROSE = (
    "Bud på {amount} kr. modtaget {d}.{m}.{y} kl. {h}:{mi}.",
    "Sag nr. {y}-{n4} oprettet; matrikel {n2}ab, ejerlav {n3}.",
    "Fremvisning {d}/{m} kl. {h}.{mi}, {n4} {city}.",
    "Order {n6}-{n4} shipped {y}-{m}-{d}; {n2} items, total {amount}.",
    "Telefontid hverdage {h}-{h2}, lukket {d}. {month}.",
    "Version {n1}.{n2}.{n3} released {d} {month} {y} (build {n6}).",
    "Areal {n3} m², grund {n4} m², opført {y}, {n1} værelser.",
    "Invoice {n8} due {d}.{m}.{y}: DKK {amount}.",
    "Koordinater {lat}, {lon} (EPSG:4326).",
    "Tracking {n10}{n2} via PostNord, vægt {n1},{n2} kg.",
)


def number_prose(rng: random.Random) -> Iterator[Item]:
    """Prose full of numbers that are not personal data: amounts, dates, times, case and order
    numbers, versions, areas, coordinates, tracking numbers."""
    cities = ("København K", "Aarhus C", "Odense M", "Stockholm", "Oslo", "Helsinki")
    months = ("januar", "marts", "maj", "august", "oktober", "december")
    for i in range(300):
        fields = {
            "amount": f"{rng.randrange(100_000, 20_000_000):,}".replace(",", "."),
            "d": f"{rng.randrange(1, 29):02d}",
            "m": f"{rng.randrange(1, 13):02d}",
            "y": str(rng.randrange(1990, 2030)),
            "h": f"{rng.randrange(8, 17):02d}",
            "h2": str(rng.randrange(17, 21)),
            "mi": f"{rng.randrange(0, 60):02d}",
            "n1": str(rng.randrange(1, 10)),
            "n2": str(rng.randrange(10, 100)),
            "n3": str(rng.randrange(100, 1000)),
            "n4": str(rng.randrange(1000, 10000)),
            "n6": str(rng.randrange(100_000, 1_000_000)),
            "n8": str(rng.randrange(10_000_000, 100_000_000)),
            "n10": str(rng.randrange(10**9, 10**10)),
            "city": rng.choice(cities),
            "month": rng.choice(months),
            "lat": f"{rng.uniform(54, 70):.6f}",
            "lon": f"{rng.uniform(8, 30):.6f}",
        }
        text = NUMBER_PROSE[i % len(NUMBER_PROSE)].format(**fields)
        if i % 2:
            yield item(
                text, [], rng.choice(("message", "description", "body")), kind="neg:number_prose"
            )
        else:
            yield item(text, [], None, kind="neg:number_prose", surface="html-comment")


def free_text_names(rng: random.Random) -> Iterator[Item]:
    """Names inside notes and messages (a separate row: found without a key), and prose with
    capitalised words that are not names."""
    for li, locale in enumerate(NORDIC):
        f = faker(locale, SEED + 300 + li)
        for i in range(40):
            name = f"{f.first_name()} {f.last_name()}"
            if i % 5 == 4:
                name = f"{f.first_name()} {f.first_name()} {f.last_name()}"
            text = NAME_TEMPLATES[(i + li) % len(NAME_TEMPLATES)].format(n=name)
            if i % 2:
                yield item(
                    text,
                    ["person_name"],
                    None,
                    kind=f"name:{locale}:text",
                    surface="html-comment",
                    row="free text",
                )
            else:
                yield item(
                    text,
                    ["person_name", "free_text.note"],
                    "comment",
                    kind=f"name:{locale}:note",
                    row="free text",
                )
    for i in range(300):
        p, q = rng.sample(PLACES, 2)
        text = PROSE[i % len(PROSE)].format(p=p, q=q)
        if i % 2:
            yield item(text, [], "message", kind="neg:prose")
        else:
            yield item(text, [], None, kind="neg:prose", surface="html-comment")


def more_tokens(rng: random.Random) -> Iterator[Item]:
    """Further vendor token formats (each by its published prefix and length)."""
    hexd = "0123456789abcdef"
    shapes: list[tuple[str, Callable[[], str]]] = [
        ("shopify", lambda: rng.choice(("shpat_", "shpss_", "shpca_")) + token(rng, 32, hexd)),
        (
            "huggingface",
            lambda: "hf_" + "".join(rng.choice(string.ascii_letters) for _ in range(34)),
        ),
        ("digitalocean", lambda: "dop_v1_" + token(rng, 64, hexd)),
        ("pypi", lambda: "pypi-AgEIcHlwaS5vcmc" + token(rng, 120, string.ascii_letters + "-_")),
        (
            "telegram",
            lambda: f"{rng.randrange(10**8, 10**10)}:AA" + token(rng, 33, B64[:-2] + "-_"),
        ),
        ("databricks", lambda: "dapi" + token(rng, 32, hexd)),
        ("new_relic", lambda: "NRAK-" + token(rng, 27, string.ascii_uppercase + string.digits)),
        ("grafana", lambda: "glsa_" + token(rng, 32) + "_" + token(rng, 8, hexd)),
        ("linear", lambda: "lin_api_" + token(rng, 40)),
        ("mailgun", lambda: "key-" + token(rng, 32, hexd)),
    ]
    for label, make in shapes:
        for i in range(8):
            value = make()
            if i % 2:
                yield item(value, ["secret.api_key"], "config", kind=f"token:{label}")
            else:
                text = f'var e={{env:"production",key:"{value}",retries:3}};'
                yield item(
                    text, ["secret.api_key"], None, kind=f"token:{label}:js", surface="js-bundle"
                )


# --- Iceland (appended with a generator of its own: the items above stay as they were) -------

KT_SEED = SEED + 354
KT_NAMED_KEYS = ("kennitala", "kt", "kennitalaKaupanda", "seljandiKennitala")
KT_NAMED_TEXTS = (
    "Kennitala: {n}",
    "Kaupandi: Jón Jónsson, kt. {n}",
    "kt. {n} (seljandi)",
    "Tilboð frá kennitölu {n} barst í dag.",
)
KT_NEUTRAL_KEYS = ("value", "data", None, "ssn", "nationalId", "socialSecurityNumber")


def kt_ok(d: str) -> bool:
    """A person's kennitala by its rules (an implementation separate from the detector's)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    check = (11 - sum(int(x) * w for x, w in zip(d[:8], weights, strict=True))) % 11
    year = {"9": 1900, "0": 2000, "8": 1800}.get(d[9])
    return (
        check != 10
        and check == int(d[8])
        and year is not None
        and _date_ok(year + int(d[4:6]), int(d[2:4]), int(d[0:2]))
    )


def cpr_mod11_ok(d: str) -> bool:
    return sum(int(x) * w for x, w in zip(d, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11 == 0


def kt_any(rng: random.Random, *, as_cpr: bool | None, hyphen: bool) -> str:
    """A kennitala that is also a CPR with a valid date and mod 11 (True), no CPR (False), or
    either (None)."""
    while True:
        value = kennitala(birth(rng, 1925, 2023), rng, hyphen=hyphen)
        digits = value.replace("-", "")
        if as_cpr is None:
            return value
        if as_cpr and cpr_date_ok(digits) and cpr_mod11_ok(digits):
            return value
        if as_cpr is False and not cpr_date_ok(digits):
            return value


def iceland(rng: random.Random) -> Iterator[Item]:
    """Kennitala numbers, and the CPR numbers they must not be mistaken for (and back).

    A kennitala named by its key or words is ``national_id.is`` and nothing else, also when it
    is a valid CPR too; a kennitala that is no valid CPR is ``national_id.is`` without context;
    one that is a valid CPR and has no context is left to the CPR (allowed, not expected: the
    Danish class's figures stay those of Danish numbers), and so is a CPR that happens to pass
    the kennitala's checks. Near misses under a kennitala key are nothing at all.
    """
    for i in range(160):
        value = kt_any(rng, as_cpr=i % 3 == 0 or None, hyphen=i % 4 != 3)
        if i % 2:
            key = KT_NAMED_KEYS[i % len(KT_NAMED_KEYS)]
            yield item(value, ["national_id.is"], key, kind="kennitala:key")
        else:
            text = KT_NAMED_TEXTS[i % len(KT_NAMED_TEXTS)].format(n=value)
            surface = "html-comment" if i % 4 == 0 else "network-json"
            key = None if surface == "html-comment" else "message"
            yield item(text, ["national_id.is"], key, kind="kennitala:text", surface=surface)
    for i in range(60):
        value = kt_any(rng, as_cpr=False, hyphen=i % 3 != 2)
        key = KT_NEUTRAL_KEYS[i % len(KT_NEUTRAL_KEYS)]
        allow = sorted(nordic_alternatives(value))
        yield item(value, ["national_id.is"], key, kind="kennitala:no_cpr", allow=allow)
    for i in range(30):
        value = kt_any(rng, as_cpr=True, hyphen=True)
        key = KT_NEUTRAL_KEYS[i % 3]  # no key naming any national ID
        allow = sorted(nordic_alternatives(value))
        yield item(value, [], key, kind="kennitala:as_cpr", allow=allow)
    count = 0
    while count < 40:
        value = cpr_any(rng, hyphen=count % 2 == 0)
        if not kt_ok(value.replace("-", "")):
            continue
        key = ("cpr", "cprNummer", "value", None)[count % 4]
        allow = sorted(nordic_alternatives(value))
        yield item(value, [], key, kind="cpr:passes_kennitala", allow=allow)
        count += 1
    for i in range(40):
        born = birth(rng, 1930, 2020)
        style = i % 4
        good = kennitala(born, rng)
        if style == 0:
            value = f"{good[:-2]}{(int(good[-2]) + 1) % 10}{good[-1]}"  # a wrong check digit
        elif style == 1:
            value = good[:-1] + rng.choice("1234567")  # no such century digit
        elif style == 2:
            value = kennitala(born, rng, company=True)
        else:
            weights = (3, 2, 7, 6, 5, 4, 3, 2)
            while True:  # digits whose check digit would be 10: never issued
                first8 = f"{born:%d%m%y}{rng.randrange(20, 100):02d}"
                if (11 - sum(int(x) * w for x, w in zip(first8, weights, strict=True))) % 11 == 10:
                    break
            value = f"{first8[:6]}-{first8[6:]}0{good[-1]}"
        yield item(value, [], rng.choice(("kennitala", "kt")), kind=f"kennitala:near:{style}")


@contextmanager
def faker_clock(now: datetime = FAKER_NOW) -> Iterator[None]:
    """Make the Faker providers that read the clock (ages, birth dates) read ``now`` instead."""
    from faker.providers import date_time
    from faker.providers.ssn import fi_FI, no_NO, sv_SE

    class FixedDatetime(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> FixedDatetime:
            return cls.combine(now.date(), now.time(), tz)

    class FixedDate(date):
        @classmethod
        def today(cls) -> FixedDate:
            return cls(now.year, now.month, now.day)

    clock = types.SimpleNamespace(datetime=FixedDatetime, date=FixedDate, timedelta=timedelta)
    with ExitStack() as stack:
        stack.enter_context(patch.object(date_time, "datetime", FixedDatetime))
        for module in (fi_FI, no_NO, sv_SE):
            stack.enter_context(patch.object(module, "datetime", clock))
        yield


def build() -> list[Item]:
    """Return the corpus: seeded generators, and Faker pinned by version and clock."""
    with faker_clock():
        return _build()


def _build() -> list[Item]:
    rng = random.Random(SEED)
    items: list[Item] = []
    for part in (
        contact,
        national_ids,
        secrets,
        canaries,
        secret_negatives,
        hard_negatives,
        near_misses,
        free_text_names,
        number_prose,
        more_tokens,
    ):
        items.extend(with_alternatives(it) for it in part(rng))
    items.extend(iceland(random.Random(KT_SEED)))
    return items


def main() -> None:
    import faker as faker_module

    if faker_module.VERSION != FAKER_VERSION:
        sys.exit(f"Faker {faker_module.VERSION} installed; the corpus is pinned to {FAKER_VERSION}")
    items = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for it in items:
            fh.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(f"wrote {len(items)} items to {OUT}")


if __name__ == "__main__":
    main()
