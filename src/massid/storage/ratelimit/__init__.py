"""Moving-window rate counters: in-process (default) and Redis (shared by many processes)."""
