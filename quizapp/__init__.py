"""quizapp: study a country's organized-crime landscape from a published profile."""
