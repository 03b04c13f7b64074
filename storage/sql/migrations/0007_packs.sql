-- Question packs: a workspace's own questions, and the question each quiz asked.

-- The question as it was asked (stem, options, key, credit), as JSON, so that removing or
-- replacing a pack leaves past answers, scores and reveals intact.
ALTER TABLE quizzes ADD COLUMN snapshot TEXT;

-- Packs a daily channel draws from, comma-separated, beside its topics.
ALTER TABLE daily_channels ADD COLUMN packs TEXT NOT NULL DEFAULT '';

-- Bumped by every import and removal in a workspace: instances compare it with the
-- version they cached, so another instance's import is seen at the next lookup.
CREATE TABLE pack_versions (
    workspace_id TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);

CREATE TABLE packs (
    workspace_id TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    format TEXT NOT NULL,
    source TEXT NOT NULL,
    license TEXT NOT NULL,
    author TEXT NOT NULL,
    topics TEXT NOT NULL,
    question_count INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

CREATE TABLE pack_questions (
    workspace_id TEXT NOT NULL,
    pack TEXT NOT NULL,
    position INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (workspace_id, pack, position)
);
