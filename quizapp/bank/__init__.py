"""Pure question-bank code: the file format (schema) and the rule-based generator."""
