"""Standings: leaderboards and personal stats over weeks, months and all time."""
