"""Tests of the segments area (services tests)."""
