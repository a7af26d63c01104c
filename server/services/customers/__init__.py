"""Customers (DOMAIN "Parties and products") and their business relation to company contacts."""
