"""Storage: the database, its tables, and one repository module per journey; each function takes the
caller's session."""
