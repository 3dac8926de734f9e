-- 004: the product's event log, the truth from which grain state is rebuilt (docs/design.md, principle 1).
--
-- event_id    the integration's id, unique across the whole system: a retried or duplicated event is
--             stored once, ever (principle 2).
-- agent_id    the agent whose grain appended the event (one writer per agent, principle 3).
-- seq         the agent's gap-free sequence, 1, 2, 3, ...; (agent_id, seq) is unique, so two writers that
--             both believe they own an agent cannot both commit the same position.
-- occurred_at when it happened (for queries; the exact original offset and precision live in payload).
-- type        call | visit | policy | renewal | cancellation.
-- payload     the event's details as JSON (see Tracking.Persistence.EventLog.ActivityEventPayload).
-- recorded_at when the log committed it (one group commit shares one transaction time).
--
-- Written by PostgresEventLog only, in group commits of many agents' appends per transaction.

CREATE TABLE IF NOT EXISTS event_log
(
    event_id    text        NOT NULL,
    agent_id    text        NOT NULL,
    seq         bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    type        text        NOT NULL,
    payload     jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_log_pk PRIMARY KEY (event_id),
    CONSTRAINT event_log_agent_seq UNIQUE (agent_id, seq),
    CONSTRAINT event_log_seq_positive CHECK (seq > 0)
);
