"""llmbot: a Discord and Slack bot that teaches how large language models work."""
