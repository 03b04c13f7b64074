-- /llm ask: each member's rate window and each workspace's daily model tokens, kept here so
-- that every instance on this database counts against the same limits.
CREATE TABLE llm_rate (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    window_start_ms BIGINT NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE llm_tokens (
    workspace_id TEXT NOT NULL,
    day TEXT NOT NULL,
    tokens BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, day)
);
