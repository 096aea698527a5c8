"""Persistence: ports (protocols the services use) and the SQL implementation."""
