"""Daily questions: admin commands, the schedule, exactly-once posts, reveals, streaks, recaps."""
