"""Tests of the kernel (services tests)."""
