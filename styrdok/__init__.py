"""styrdok: composition root (settings, CLI) wiring ingest, service and evals."""
