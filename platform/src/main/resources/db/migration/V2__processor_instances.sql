-- Which application instances run which streaming processor right now: each instance writes a heartbeat per
-- processor it runs, and gives up segments above its fair share of them (see SegmentBalancer).
CREATE TABLE processor_instance (
    processor_name varchar(255) NOT NULL,
    owner          varchar(255) NOT NULL,
    segments_held  integer      NOT NULL,
    heartbeat      timestamptz  NOT NULL,
    CONSTRAINT processor_instance_pkey PRIMARY KEY (processor_name, owner)
);
