"""The GraphQL schema: assembly (`schema`), the root Query, Mutation and Subscription, the
protection applied before execution (`guard`, `limits`, `ratelimit`), the error policy, shared
scalars, enums and connection types, and one package per area with its types, inputs, payloads
and root fields. Field resolvers delegate to `server.resolvers` and the read engine."""
