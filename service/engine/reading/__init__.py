"""Reading a question: its document scope, its operation, its slots."""
