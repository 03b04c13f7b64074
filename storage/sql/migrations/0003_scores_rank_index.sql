-- The leaderboard orders by points, then right answers, then user id; an index in that
-- exact order lets a top-ten read stop after ten rows instead of sorting the workspace.
DROP INDEX scores_by_points;

CREATE INDEX scores_by_rank ON scores (workspace_id, period, points DESC, correct DESC, user_id);
