"""`make soak`: sustained load on `serve --workers 2` over PostgreSQL (issue 20, point 4)."""
