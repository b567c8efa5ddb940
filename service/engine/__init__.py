"""The answering engine: reading, operations, retrieval, evidence, rendering. No web imports."""
