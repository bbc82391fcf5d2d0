-- Axon's JDBC storage engine (decision 0035) inserts events without their global index: the column takes it from
-- the sequence the JPA engine asked for one value at a time, so indexes go on from where they stood.
ALTER TABLE domain_event_entry ALTER COLUMN global_index SET DEFAULT nextval('domain_event_entry_seq');
ALTER SEQUENCE domain_event_entry_seq OWNED BY domain_event_entry.global_index;
