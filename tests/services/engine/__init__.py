"""Tests of the read engine (services tests)."""
