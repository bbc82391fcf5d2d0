-- A claim of an idempotency key is held by one request (holder, a random id) under a lease it renews while it runs
-- (decision 0043). A process killed mid-request stops renewing: once lease_until has passed, a repeat takes the key
-- over. lease_until is null once the request was answered; claims made before this migration have none either, so
-- a repeat of one takes it over at once.
ALTER TABLE idempotency_key ADD COLUMN holder varchar(36);
ALTER TABLE idempotency_key ADD COLUMN lease_until timestamptz;
