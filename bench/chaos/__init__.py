"""Crash safety, proven (`make chaos`, issue 20): writes under SIGKILLs, then a count of what
the database holds against what the clients were told."""
