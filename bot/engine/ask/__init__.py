"""`/llm ask`: free-form questions answered from llmbot's notes, by a model where one is set up."""
