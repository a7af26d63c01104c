"""Campaign Graph: an async GraphQL backend for marketing campaigns."""
