"""Pure business rules: no Rasa, no database, no web; tested table-driven."""
