"""Service: retrieval, question understanding and the answer() core, plus the HTTP adapter."""
