"""llmbot's knowledge base, shipped as package data."""
