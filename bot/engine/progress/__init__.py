"""Learning progress: question analytics, problem reports and the per-member report."""
