"""Ingestion: load documents, parse the program's structure, chunk, embed and index."""
