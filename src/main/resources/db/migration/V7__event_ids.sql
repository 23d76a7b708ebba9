-- An event may carry an id chosen by its sender (REST's Idempotency-Key header, "eventId" on the
-- events topic; a record of the events topic without one is named by its partition and offset),
-- so a sender's retry, or a record delivered again, is stored once per instance.
alter table workflow_event add column event_id text;
create unique index workflow_event_by_event_id on workflow_event (instance_pk, event_id) where event_id is not null;

-- The sweeper looks for waiting instances with an event of the awaited type that was stored but
-- whose delivery was never announced (a crash, or the broker away, after the event's commit).
create index step_record_awaiting_event on step_record (instance_pk) where status = 'waiting' and event_type is not null;
