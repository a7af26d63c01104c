"""Operations on a deployment's database from the command line: online backups, their verification
and restores, for SQLite files and PostgreSQL databases (docs/operations.md "Backups and restore").
Only the CLI imports this package; it knows nothing of GraphQL or HTTP."""
