"""Tests of the activities area (services tests)."""
