"""Tests of the demo company and the seed generator (server/demo)."""
