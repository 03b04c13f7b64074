"""Learning: explanations at three depths, the topic list and help, quizzes and their scoring."""
