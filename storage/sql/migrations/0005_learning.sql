-- Learning that sticks: spaced-repetition cards, topic summaries, practice answers,
-- question statistics and members' problem reports. Practice answers live apart from
-- quiz answers so they never reach scores or leaderboards.

-- One fsrs card per member and question (the question's first topic beside it, so a
-- practice session on one topic finds its due cards without the knowledge base).
CREATE TABLE cards (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    topic_id TEXT NOT NULL,
    state INTEGER NOT NULL,
    step INTEGER,
    stability DOUBLE PRECISION,
    difficulty DOUBLE PRECISION,
    due_ms BIGINT NOT NULL,
    last_review_ms BIGINT NOT NULL,
    reviews INTEGER NOT NULL,
    lapses INTEGER NOT NULL,
    first_correct INTEGER NOT NULL,
    last_correct INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id, question_id)
);

CREATE INDEX cards_due ON cards (workspace_id, user_id, due_ms);

CREATE INDEX cards_missed ON cards (workspace_id, user_id, last_correct, last_review_ms);

-- A member's running summary per topic: mastery and weakness read one short range.
CREATE TABLE topic_progress (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    topic_id TEXT NOT NULL,
    answers INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    recent INTEGER NOT NULL,
    recent_count INTEGER NOT NULL,
    first_right INTEGER NOT NULL,
    last_correct INTEGER NOT NULL,
    last_at_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id, topic_id)
);

CREATE TABLE practice_answers (
    quiz_id TEXT PRIMARY KEY REFERENCES quizzes (id),
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    choice INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    answered_at_ms BIGINT NOT NULL
);

CREATE INDEX practice_answers_by_user ON practice_answers (workspace_id, user_id, answered_at_ms);

-- A member's answers in time order: reports, forget-me and `/llm progress me`.
CREATE INDEX answers_by_user ON answers (workspace_id, user_id, answered_at_ms);

-- Open daily questions of a workspace, which practice must not show before their reveal.
CREATE INDEX quizzes_open_daily ON quizzes (workspace_id, kind, closes_at_ms);

-- Quiz and daily answers per question and workspace, kept by the answer writer, so the
-- quiz footer and the daily picker read a question's observed difficulty in one row.
CREATE TABLE question_stats (
    workspace_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    right_count INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, question_id)
);

-- A daily question whose feedback waits for the reveal moves its answerers' cards only
-- then; this row says it has been done, so a retried reveal does not do it twice.
CREATE TABLE held_reviews_applied (
    quiz_id TEXT PRIMARY KEY REFERENCES quizzes (id),
    applied_at_ms BIGINT NOT NULL
);

CREATE TABLE question_reports (
    workspace_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    reported_at_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, question_id, user_id)
);

CREATE INDEX question_reports_by_time ON question_reports (workspace_id, reported_at_ms);

INSERT INTO question_stats (workspace_id, question_id, attempts, right_count)
SELECT q.workspace_id, q.question_id, COUNT(*), SUM(a.correct)
FROM answers AS a JOIN quizzes AS q ON q.id = a.quiz_id
GROUP BY q.workspace_id, q.question_id;
