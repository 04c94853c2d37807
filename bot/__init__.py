"""Jobassistent: gateway, advisor workspace, storage and domain rules (no Rasa imports here)."""
