"""Secrets: vendor tokens, cloud keys, private keys, passwords, connection strings, JWTs."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest

from leakcheck.detect import Detector
from leakcheck.models import Surface
from tests.detect.detect_gen import classes, exposure, spans, token

RNG = random.Random(4242)
B64 = string.ascii_letters + string.digits + "+/"
UPPER32 = string.ascii_uppercase + "234567"

STRIPE_LIVE = "sk_live_" + token(RNG, 24)
STRIPE_RESTRICTED = "rk_live_" + token(RNG, 24)
STRIPE_PUBLISHABLE = "pk_live_" + token(RNG, 24)
STRIPE_TEST = "sk_test_" + token(RNG, 24)
GITHUB = "ghp_" + token(RNG, 36)
GITHUB_PAT = "github_pat_" + token(RNG, 22) + "_" + token(RNG, 59)
SLACK = "xoxb-" + "-".join(
    (token(RNG, 12, string.digits), token(RNG, 13, string.digits), token(RNG, 24))
)
GOOGLE = "AIza" + token(RNG, 35)
AWS_ID = "AKIA" + token(RNG, 16, UPPER32)
AWS_SECRET = token(RNG, 40, B64)
RANDOM_KEY = token(RNG, 32)


def _pem(kind: str = "RSA PRIVATE KEY") -> str:
    body = "\n".join(token(RNG, 64, B64) for _ in range(8))
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"


def _jwt(claims: dict[str, object]) -> str:
    def enc(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc(claims)}.{token(RNG, 43)}"


USER_JWT = _jwt({"sub": "user-1842", "role": "authenticated", "exp": 1900000000})
SERVICE_JWT = _jwt({"iss": "supabase", "role": "service_role", "exp": 1900000000})
ANON_JWT = _jwt({"iss": "supabase", "role": "anon", "exp": 1900000000})
PLAIN_JWT = _jwt({"iss": "billing", "exp": 1900000000})


@pytest.mark.parametrize(
    ("value", "key", "surface", "expected"),
    [
        (STRIPE_LIVE, None, Surface.JS_BUNDLE, "secret.api_key"),
        (STRIPE_RESTRICTED, "stripeKey", Surface.NETWORK_JSON, "secret.api_key"),
        (STRIPE_PUBLISHABLE, "stripeKey", Surface.JS_BUNDLE, None),
        (STRIPE_PUBLISHABLE, "publishableKey", Surface.NETWORK_JSON, None),
        (GITHUB, None, Surface.SOURCE_MAP, "secret.api_key"),
        (GITHUB_PAT, None, Surface.SOURCE_MAP, "secret.api_key"),
        (SLACK, None, Surface.JS_BUNDLE, "secret.api_key"),
        ("xoxb-your-token-here", None, Surface.JS_BUNDLE, None),
        (GOOGLE, "apiKey", Surface.JS_BUNDLE, None),  # browser keys are public by design
        (GOOGLE, "serverKey", Surface.JS_BUNDLE, "secret.api_key"),
        (GOOGLE, "GOOGLE_SECRET", Surface.NETWORK_JSON, "secret.api_key"),
        (AWS_ID, None, Surface.JS_BUNDLE, "secret.cloud_key"),
        ("AKIAIOSFODNN7EXAMPLE", None, Surface.JS_BUNDLE, None),  # the documentation example
        (AWS_SECRET, "aws_secret_access_key", Surface.NETWORK_JSON, "secret.cloud_key"),
        (AWS_SECRET, "secretAccessKey", Surface.NETWORK_JSON, "secret.cloud_key"),
        (AWS_SECRET, "hash", Surface.NETWORK_JSON, None),
        (RANDOM_KEY, "apiKey", Surface.NETWORK_JSON, "secret.api_key"),
        (RANDOM_KEY, "clientSecret", Surface.WEB_STORAGE, "secret.api_key"),
        (RANDOM_KEY, "x-api-key", Surface.NETWORK_JSON, "secret.api_key"),
        (RANDOM_KEY, "azureStorageKey", Surface.NETWORK_JSON, "secret.cloud_key"),
        (RANDOM_KEY, "csrfToken", Surface.NETWORK_JSON, None),
        (RANDOM_KEY, "publicKey", Surface.NETWORK_JSON, None),
        (RANDOM_KEY, "siteKey", Surface.NETWORK_JSON, None),
        (RANDOM_KEY, "key", Surface.NETWORK_JSON, None),  # React keys, i18n keys, …
        (RANDOM_KEY, "accessToken", Surface.WEB_STORAGE, None),  # the user's own session
        ("your-api-key-here", "apiKey", Surface.JS_BUNDLE, None),
        ("${API_KEY}", "apiKey", Surface.JS_BUNDLE, None),
        ("production_api_key", "apiKey", Surface.JS_BUNDLE, None),
    ],
)
def test_api_and_cloud_keys(
    detector: Detector, value: str, key: str | None, surface: Surface, expected: str | None
) -> None:
    (found,) = detector.detect([exposure(value, key, surface=surface)])
    secrets = {c for c in classes(found) if c.startswith("secret.")}
    assert secrets == ({expected} if expected else set()), found


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (_pem(), "secret.private_key"),
        (_pem("PRIVATE KEY"), "secret.private_key"),
        (_pem("OPENSSH PRIVATE KEY"), "secret.private_key"),
        (_pem("EC PRIVATE KEY").replace("\n", "\\n"), "secret.private_key"),  # inside a JS string
        ('if(s.indexOf("-----BEGIN RSA PRIVATE KEY-----")>=0)', None),  # a library constant
        (_pem("PUBLIC KEY"), None),
        (_pem("CERTIFICATE"), None),
    ],
)
def test_private_keys(detector: Detector, value: str, expected: str | None) -> None:
    (found,) = detector.detect([exposure(value, None, surface=Surface.JS_BUNDLE)])
    assert classes(found) == ({expected} if expected else set())


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        ("Vinter2024!kbh", "password", "secret.password"),
        ("hunter22", "dbPassword", "secret.password"),
        ("Xq7#pL2m", "DB_PASSWORD", "secret.password"),
        ("s3cr3t-Adm1n", "adminPwd", "secret.password"),
        ("correct horse battery staple", "passphrase", "secret.password"),
        ("$2b$12$" + token(RNG, 53), "passwordHash", "secret.password"),
        ("****", "password", None),
        ("••••••••", "password", None),
        ("", "password", None),
        ("changeme", "password", None),
        ("${DB_PASSWORD}", "password", None),
        ("Password", "password", None),
        ("Adgangskode", "password", None),
        ("Enter your password", "passwordLabel", None),
        ("Enter your password", "password", None),
        ("8", "passwordMinLength", None),
        ("true", "showPassword", None),
        ("/reset", "forgotPasswordUrl", None),
    ],
)
def test_passwords(detector: Detector, value: str, key: str, expected: str | None) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert ("secret.password" in classes(found)) == (expected == "secret.password"), found


@pytest.mark.parametrize(
    ("text", "surface", "password"),
    [
        ('var cfg={user:"app",password:"S0mmer!2024",host:"x"};', Surface.JS_BUNDLE, "S0mmer!2024"),
        ("const DB_PASSWORD = 'Kl0ver-Fem-5';", Surface.SOURCE_MAP, "Kl0ver-Fem-5"),
        ("Traceback …\nDB_PASSWORD=Hv1dl0g-7 DB_HOST=db01\n", Surface.ERROR_PAGE, "Hv1dl0g-7"),
        (
            "<!-- test login: admin / password: Sommer2024! (remove) -->",
            Surface.HTML_COMMENT,
            "Sommer2024!",
        ),
        (
            "https://x.example/login?user=jens&password=Hemmelig77&next=/",
            Surface.THIRD_PARTY_REQUEST,
            "Hemmelig77",
        ),
    ],
)
def test_password_assignments_in_text(
    detector: Detector, text: str, surface: Surface, password: str
) -> None:
    (found,) = detector.detect([exposure(text, "body", surface=surface)])
    assert spans(text, found)["secret.password"] == [password]


@pytest.mark.parametrize(
    "text",
    [
        'e.password=t.target.value;var n={type:"password",autocomplete:"current-password"}',
        'placeholder:"Password",label:"Adgangskode",password:""',
        "if(password===confirmPassword)return!0",
    ],
)
def test_password_code_is_not_a_password(detector: Detector, text: str) -> None:
    (found,) = detector.detect([exposure(text, None, surface=Surface.JS_BUNDLE)])
    assert "secret.password" not in classes(found), found


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("postgres://app:S3cr3tPw@db01.internal:5432/prod", "secret.connection_string"),
        ("postgresql://reporting:Qw9!zz@10.0.4.17/warehouse", "secret.connection_string"),
        ("mongodb+srv://svc:pa55W0rd7@cluster0.ab1cd.mongodb.net/app", "secret.connection_string"),
        ("redis://:r3d1sPass@cache.corp:6379/0", "secret.connection_string"),
        (
            "Server=sql01.corp;Database=Estate;User Id=web;Password=Vand-9-Sky;",
            "secret.connection_string",
        ),
        (
            "jdbc:mysql://db.example.dk:3306/estate?user=web&password=Tr3-Sk0v",
            "secret.connection_string",
        ),
        ("postgres://user:password@localhost/db", None),
        ("postgres://${DB_USER}:${DB_PASS}@db/app", None),
        ("postgres://db.example.dk/estate", None),
        ("https://estate.example/case/1", None),
    ],
)
def test_connection_strings(detector: Detector, value: str, expected: str | None) -> None:
    (found,) = detector.detect([exposure(value, "dsn", surface=Surface.JS_BUNDLE)])
    assert ("secret.connection_string" in classes(found)) == (expected is not None), found


@pytest.mark.parametrize(
    ("value", "key", "surface", "expected"),
    [
        (USER_JWT, "accessToken", Surface.WEB_STORAGE, None),
        (USER_JWT, "token", Surface.COOKIE, None),
        (USER_JWT, None, Surface.NETWORK_JSON, None),
        (SERVICE_JWT, "supabaseKey", Surface.JS_BUNDLE, "secret.jwt"),
        (ANON_JWT, "supabaseAnonKey", Surface.JS_BUNDLE, None),
        (PLAIN_JWT, "serviceToken", Surface.NETWORK_JSON, "secret.jwt"),
        (PLAIN_JWT, "apiJwt", Surface.NETWORK_JSON, "secret.jwt"),
        (PLAIN_JWT, "internalApiToken", Surface.INLINE_STATE, "secret.jwt"),
    ],
)
def test_jwts(
    detector: Detector, value: str, key: str | None, surface: Surface, expected: str | None
) -> None:
    (found,) = detector.detect([exposure(value, key, surface=surface)])
    secrets = {c for c in classes(found) if c.startswith("secret.")}
    assert secrets == ({expected} if expected else set()), found


def test_certificates_are_public_unless_client_certificates() -> None:
    cert = _pem("CERTIFICATE")
    lenient = Detector(min_confidence=0.3)
    (public,) = lenient.detect([exposure(cert, "caCertificate")])
    assert [(d.data_class, d.confidence) for d in public] == [("secret.certificate", 0.4)]
    (default,) = Detector().detect([exposure(cert, "caCertificate")])
    assert default == ()
    (client,) = Detector().detect([exposure(cert, "clientCert")])
    assert classes(client) == {"secret.certificate"}


def test_putty_keys_and_keystores(detector: Detector) -> None:
    lines = "\n".join(token(RNG, 64, B64) for _ in range(4))
    putty = (
        f"PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nPublic-Lines: 4\n{lines}\n"
        f"Private-Lines: 4\n{lines}\nPrivate-MAC: {token(RNG, 40, '0123456789abcdef')}"
    )
    keystore = "MII" + token(RNG, 900, B64)
    found = detector.detect(
        [
            exposure(putty, None, surface=Surface.SOURCE_MAP),
            exposure(keystore, "clientP12"),
            exposure(keystore, "avatar"),
        ]
    )
    assert [classes(f) for f in found] == [{"secret.private_key"}, {"secret.private_key"}, set()]
