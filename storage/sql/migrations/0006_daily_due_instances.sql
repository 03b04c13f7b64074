-- When each enabled channel next needs the scheduler, in UTC epoch milliseconds. llmbot
-- computes it in Python (zone rules are not SQL) whenever something moves it; NULL means
-- "compute", and llmbot fills those at start. A pass reads only the channels due by this
-- index instead of every enabled channel.
ALTER TABLE daily_channels ADD COLUMN next_due_ms BIGINT;

CREATE INDEX daily_channels_due ON daily_channels (next_due_ms)
    WHERE enabled = 1 AND paused_reason IS NULL;

-- Nothing reads channels by `enabled` alone any more, and SQLite, knowing nothing of how
-- few channels are due, would pick this index over the one above and scan them all.
DROP INDEX daily_channels_enabled;

-- One row per running llmbot process, refreshed by its heartbeat. Instances sharing a
-- bot token pace their daily posts at the platform's limit divided by how many are live.
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    seen_at_ms BIGINT NOT NULL
);
