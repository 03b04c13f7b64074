-- Daily questions per channel, their exactly-once claims, streaks, teams and workspace settings.
ALTER TABLE quizzes ADD COLUMN feedback TEXT NOT NULL DEFAULT 'instant';

CREATE TABLE workspace_settings (
    workspace_id TEXT PRIMARY KEY,
    timezone TEXT NOT NULL,
    previous_timezone TEXT,
    timezone_changed_at_ms BIGINT,
    admin_roles TEXT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);

CREATE TABLE daily_channels (
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    post_time TEXT NOT NULL,
    timezone TEXT NOT NULL,
    weekdays TEXT NOT NULL,
    difficulty TEXT,
    topics TEXT NOT NULL,
    window_minutes INTEGER,
    feedback TEXT NOT NULL,
    recap INTEGER NOT NULL,
    enabled INTEGER NOT NULL,
    since_ms BIGINT NOT NULL,
    paused_reason TEXT,
    paused_at_ms BIGINT,
    cycle INTEGER NOT NULL,
    cycle_started_ms BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, channel_id)
);

CREATE INDEX daily_channels_enabled ON daily_channels (enabled);

-- One row per (channel, local date, kind): kind is post, reveal, warn or recap.
-- A row is taken by one atomic upsert while pending, or claimed with an expired lease.
CREATE TABLE daily_claims (
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    due_at_ms BIGINT NOT NULL,
    claimed_by TEXT,
    lease_until_ms BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    quiz_id TEXT,
    message_ref TEXT,
    detail TEXT,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, channel_id, local_date, kind)
);

CREATE INDEX daily_claims_open ON daily_claims (status, due_at_ms);

CREATE TABLE streaks (
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    current_days INTEGER NOT NULL,
    best_days INTEGER NOT NULL,
    last_date TEXT NOT NULL,
    freeze_week TEXT,
    PRIMARY KEY (workspace_id, channel_id, user_id)
);

CREATE INDEX streaks_active ON streaks (workspace_id, channel_id, current_days);

CREATE TABLE teams (
    workspace_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    role_id TEXT,
    created_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, team_id),
    UNIQUE (workspace_id, name_key),
    UNIQUE (workspace_id, role_id)
);

CREATE TABLE team_members (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    joined_at_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

CREATE INDEX team_members_by_team ON team_members (workspace_id, team_id);
