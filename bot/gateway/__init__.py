"""The public web entry point: chat page, JSON API and (later) the advisor workspace."""
