"""The web layer over the engine: app factory, routes, middleware, static files."""
