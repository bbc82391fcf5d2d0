-- Saga events parked by the order saga's processor (decision 0044): an event whose handling failed for a reason
-- that is not transient, on every one of emporium.saga.parking.max-attempts tries, is recorded here and skipped, so
-- the events behind it flow on. The payload and metadata are written by Axon's event serializer (Jackson), so an
-- operator's retry hands the very same message to the saga manager again. One row per event; an operator's retry
-- that succeeds, or an eviction, deletes it.

CREATE TABLE parked_saga_event (
    event_id         varchar(255)             NOT NULL,
    processing_group varchar(255)             NOT NULL,
    event_type       varchar(255)             NOT NULL,
    order_id         varchar(255),
    payload_type     varchar(255)             NOT NULL,
    payload_revision varchar(255),
    payload          bytea                    NOT NULL,
    meta_data        bytea                    NOT NULL,
    event_timestamp  timestamp with time zone NOT NULL,
    cause            text                     NOT NULL,
    first_failure    timestamp with time zone NOT NULL,
    last_failure     timestamp with time zone NOT NULL,
    attempts         integer                  NOT NULL,
    CONSTRAINT parked_saga_event_pkey PRIMARY KEY (event_id)
);

CREATE INDEX parked_saga_event_by_first_failure ON parked_saga_event (first_failure);
