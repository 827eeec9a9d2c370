"""HTTP API: FastAPI app factory, routers and views."""
