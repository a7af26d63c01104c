"""Thin glue between GraphQL and the services: arguments in, rows and payloads out."""
