"""Profiles: what to audit and what each role may receive."""

from __future__ import annotations

from leakcheck.profile.loader import load_profile, parse_profile
from leakcheck.profile.schema import Profile, Role

__all__ = ["Profile", "Role", "load_profile", "parse_profile"]
