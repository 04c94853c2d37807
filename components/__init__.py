"""Custom Rasa NLU components (loaded by config.yml)."""
