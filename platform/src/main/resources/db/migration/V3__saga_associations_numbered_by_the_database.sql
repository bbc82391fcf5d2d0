-- The order saga's state is kept by Axon's JDBC saga store (decision 0033), which inserts association rows without
-- an id: the database numbers them from the sequence Hibernate used so far. Values taken by Hibernate's pooled
-- optimizer (blocks of 50 below each value it drew) and by this default (each value drawn) never meet.
ALTER TABLE association_value_entry ALTER COLUMN id SET DEFAULT nextval('association_value_entry_seq');
ALTER SEQUENCE association_value_entry_seq OWNED BY association_value_entry.id;
