"""Personal practice: spaced-repetition cards, the next question, topic mastery."""
