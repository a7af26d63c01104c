"""Strawberry types, inputs, enums and the assembled schema; types only read attributes."""
