-- Rebuilds of read models beside the live ones (decision 0049). A rebuild fills a new generation of its
-- projections' tables in schema emporium_rebuild through its own event processor; once level with the head, the
-- new tables replace the live ones in one transaction.

CREATE SCHEMA IF NOT EXISTS emporium_rebuild;

CREATE TABLE projection_rebuild (
    rebuild_id        bigint       GENERATED ALWAYS AS IDENTITY,
    projections       varchar(255) NOT NULL, -- names, comma separated
    generation        integer      NOT NULL, -- of the tables it fills
    phase             varchar(16)  NOT NULL, -- RebuildPhase
    started_at        timestamp(6) with time zone NOT NULL,
    ended_at          timestamp(6) with time zone,
    start_head        bigint,                -- head of the event stream when it started
    tail_position     bigint,                -- position just before the first event
    position          bigint,                -- of the rebuild's processor, as of its last report
    head              bigint,                -- head as of its last report
    events_per_second double precision,
    dead_letters      bigint       NOT NULL DEFAULT 0,
    detail            text,
    cancel_requested  boolean      NOT NULL DEFAULT false,
    owner             varchar(255),          -- the node running it
    heartbeat         timestamp(6) with time zone,
    CONSTRAINT projection_rebuild_pkey PRIMARY KEY (rebuild_id)
);

-- One row per projection being rebuilt: the primary key keeps a second rebuild of the same projection out.
CREATE TABLE projection_rebuild_claim (
    projection        varchar(64)  NOT NULL,
    rebuild_id        bigint       NOT NULL,
    CONSTRAINT projection_rebuild_claim_pkey PRIMARY KEY (projection),
    CONSTRAINT projection_rebuild_claim_rebuild_fkey FOREIGN KEY (rebuild_id) REFERENCES projection_rebuild
);

-- The generation of each projection's live tables (1 until a rebuild first switched).
CREATE TABLE projection_generation (
    projection        varchar(64)  NOT NULL,
    generation        integer      NOT NULL,
    rebuild_id        bigint,
    switched_at       timestamp(6) with time zone,
    CONSTRAINT projection_generation_pkey PRIMARY KEY (projection)
);
