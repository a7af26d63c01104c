"""Resolvers: GraphQL arguments into service calls, service results into schema types and
payloads, one module (or package) per area. They hold no rules: permissions, checks and
transactions are the services'; batched reads go through `server.engine`."""
