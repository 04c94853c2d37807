"""Rasa custom actions, one module per journey; the rules they apply live in bot/."""
