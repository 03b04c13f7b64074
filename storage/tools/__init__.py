"""Database tools behind `llmbot db`: migration status, copies between databases, backups."""
