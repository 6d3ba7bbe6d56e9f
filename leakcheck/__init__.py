"""leakcheck: find personal data and secrets a web frontend hands to users who may not see them."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
