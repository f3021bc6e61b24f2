"""Question sets in the database: loading banks, listing sets, converting to and from bank records."""
