"""Tests of the kernel (unit tests)."""
