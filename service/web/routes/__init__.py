"""HTTP routes, thin over the answer engine and the index snapshot."""
