"""Evaluation: the known-answer set, its scoring, the langchain baseline, reports and the CI gate."""
