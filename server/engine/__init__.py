"""The read engine: everything a query needs to be answered fast, in one package.

The batched executor, leaf coercion, column selection, loaders, nested pages, keyset
pagination, rows and raw read SQL. Services describe *what* an area reads; the engine decides
*how*. It is the only package that may use private internals of graphql-core, Strawberry,
Tortoise or pypika."""
