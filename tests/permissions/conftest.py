"""The cast of the permission matrix lives in :mod:`tests.cast` (a fixture for every test directory)."""

from tests.cast import ROLES  # noqa: F401
