"""Export builders (pure) and export services."""
