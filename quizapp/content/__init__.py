"""Question sets in the database: loading banks, listing sets, converting to bank records."""
