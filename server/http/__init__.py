"""The HTTP transport: the /graphql endpoint (GET, POST, websocket), authentication, request
middleware, media-type negotiation, persisted queries, the GraphiQL page and the choice of event
broker. It turns requests into GraphQL executions of `server.schema` and answers them; it holds
no business rules."""
