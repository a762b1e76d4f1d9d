-- portaudit history, version 1. Portable SQL: the same script runs on SQLite and PostgreSQL.
-- Ids are UUID text made by the runner (N sharded runners write to one database without a sequence);
-- started_ms orders runs (ISO text of varying precision would not sort).

CREATE TABLE run (
    id          VARCHAR(36) PRIMARY KEY,
    inventory   TEXT        NOT NULL,
    shard       VARCHAR(24) NOT NULL,
    started_ms  BIGINT      NOT NULL,
    started_at  TEXT        NOT NULL,
    finished_at TEXT,
    status      VARCHAR(12) NOT NULL,   -- running, complete, incomplete
    tool        TEXT        NOT NULL,
    hosts       INTEGER     NOT NULL DEFAULT 0
);
CREATE INDEX run_by_inventory ON run (inventory, shard, started_ms);

CREATE TABLE host_result (
    run_id    VARCHAR(36) NOT NULL REFERENCES run (id),
    target    TEXT        NOT NULL,
    grp       TEXT        NOT NULL,
    name      TEXT,
    address   TEXT,
    error     TEXT,
    compliant BOOLEAN     NOT NULL,
    scanned   INTEGER     NOT NULL,
    PRIMARY KEY (run_id, target, grp)
);

CREATE TABLE observation (
    run_id    VARCHAR(36) NOT NULL REFERENCES run (id),
    target    TEXT        NOT NULL,
    grp       TEXT        NOT NULL,
    transport VARCHAR(8)  NOT NULL,
    port      VARCHAR(24) NOT NULL,
    expected  BOOLEAN     NOT NULL,   -- a role port (true) or an unexpected open port (false)
    protocol  TEXT,
    level     VARCHAR(12),
    state     VARCHAR(16),            -- null: not probed
    finding   VARCHAR(20) NOT NULL,
    message   TEXT,
    rtt_ms    DOUBLE PRECISION,
    evidence  TEXT,                   -- the evidence summaries, one per line
    PRIMARY KEY (run_id, target, grp, expected, transport, port)
);
CREATE INDEX observation_by_port ON observation (target, transport, port);
