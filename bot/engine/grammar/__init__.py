"""The `/llm …` text grammar: one module per command family, one `parse` for all of them."""
