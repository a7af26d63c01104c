"""Tests of the read engine (unit tests)."""
