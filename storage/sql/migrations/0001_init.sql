-- Quizzes, answers and the scores aggregated from them.
CREATE TABLE users (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE quizzes (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    choice_order TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,
    closes_at_ms BIGINT
);

CREATE INDEX quizzes_by_channel ON quizzes (workspace_id, channel_id, created_at_ms);

CREATE TABLE answers (
    quiz_id TEXT NOT NULL REFERENCES quizzes (id),
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    choice INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    points INTEGER NOT NULL,
    answered_at_ms BIGINT NOT NULL,
    UNIQUE (quiz_id, user_id)
);

CREATE TABLE scores (
    workspace_id TEXT NOT NULL,
    period TEXT NOT NULL,
    user_id TEXT NOT NULL,
    points INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, period, user_id)
);

CREATE INDEX scores_by_points ON scores (workspace_id, period, points DESC);
