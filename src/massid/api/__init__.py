"""HTTP interface: the app factory, error envelope, middleware, schemas and routes."""
