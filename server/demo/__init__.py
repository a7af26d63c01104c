"""The demo company (docs/domain.md, the demo company) and the large deterministic seed generator.

Both are made through the services, so every rule applies; only the CLI (`campaign-graph demo`,
`campaign-graph seed`) imports this package."""
