-- The HTTP edge's idempotency keys: the first outcome of a command request, replayed for a repeat of it.
-- status is null while the first request is still being served. Rows expire (see IdempotencyProperties).
CREATE TABLE idempotency_key (
    caller          varchar(255)  NOT NULL,
    idempotency_key varchar(255)  NOT NULL,
    fingerprint     char(64)      NOT NULL,
    status          integer,
    content_type    varchar(255),
    location        varchar(2048),
    body            bytea,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    CONSTRAINT idempotency_key_pkey PRIMARY KEY (caller, idempotency_key)
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
