-- Steps and events are read in id order (the timeline, the order events are delivered in, what a
-- restart from a step forgets), so an instance's ids must grow in the order its rows are inserted.
-- Ids taken from blocks each process reserved (Hibernate's pooled sequence) do not: two processes,
-- or two connections of one, hand out ids from different blocks at once. The database now gives
-- each row its id as it is inserted; an instance's inserts are serialised by its row lock.
-- The sequences keep their increment: a process still on the old blocks takes a whole block per
-- call, so it can never hand out an id the database gives.
alter table step_record alter column id set default nextval('step_record_id_seq');
alter table workflow_event alter column id set default nextval('workflow_event_id_seq');
