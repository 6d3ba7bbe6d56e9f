"""The exceptions leakcheck raises, and what each means for the user.

Every error is a ``LeakcheckError`` with a one-line message that says what failed, where and
what to do; the CLI prints that line and maps the class to an exit code. None of them carries a
credential or an unredacted leaked value.

Tree:

    LeakcheckError
    ├── ConfigError            exit 2: the user must change something before a scan can run
    │   ├── ProfileError       a profile file is broken (names file, line and key)
    │   ├── AuthError          a role could not log in (names the role and the check that failed)
    │   └── BrowserNotFoundError  no Chromium to drive
    └── CaptureError           a page or artifact could not be captured (recorded as a skip)
"""

from __future__ import annotations

import re

_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]+")


def error_line(exc: BaseException) -> str:
    """Return the first line of a library's error for a skip or message, URLs cut at ``?``.

    Browser errors quote the URL they failed on (``net::ERR_… at https://…?token=…``); query
    strings and fragments often carry tokens or personal data, so only the path is kept.
    """
    text = str(exc).strip()
    line = text.splitlines()[0] if text else exc.__class__.__name__
    return _URL.sub(lambda m: re.split(r"[?#]", m.group(0), maxsplit=1)[0], line)


class LeakcheckError(Exception):
    """Base of every error leakcheck raises on purpose."""


class ConfigError(LeakcheckError):
    """A usage or configuration error: the scan cannot run as asked (exit code 2)."""


class ProfileError(ConfigError):
    """A profile is invalid; the message names the file, line and key."""


class AuthError(ConfigError):
    """A role failed to log in; the message names the role and the failed check."""


class BrowserNotFoundError(ConfigError):
    """No usable Chromium was found; the message says how to get one."""


class CaptureError(LeakcheckError):
    """A page or artifact could not be captured; recorded as a skip with this reason."""
