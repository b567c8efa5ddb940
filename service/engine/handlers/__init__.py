"""Handlers of question kinds that live outside the conversation class (turn.py)."""
