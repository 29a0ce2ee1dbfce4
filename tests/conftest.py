"""Shared fixtures: paths, and the committed generated client on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
PACKAGE = "voucherify_client"

# The end-to-end tests import the committed client exactly as users get it.
sys.path.insert(0, str(GENERATED / PACKAGE))


@pytest.fixture
def root() -> Path:
    return ROOT
