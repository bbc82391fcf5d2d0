-- The bound on a rebuild's rate (decision 0049), kept with the rebuild so that a node taking it over keeps it too.
-- NULL: no bound.
ALTER TABLE projection_rebuild ADD COLUMN max_events_per_second integer;
