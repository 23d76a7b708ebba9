-- seq becomes the engine's own counter (bumped by transitions that invalidate in-flight
-- messages); version is Hibernate's optimistic lock, bumped by every update. Pausing a running
-- instance changes its status but not its seq, so the step in flight may still commit.
alter table workflow_instance add column version bigint not null default 0;
update workflow_instance set version = seq;

-- Retention: how long a finished instance is kept, set per instance at create.
alter table workflow_instance add column success_retention_ms bigint;
alter table workflow_instance add column error_retention_ms bigint;
alter table workflow_instance add column retain_until timestamptz;
create index workflow_instance_retention on workflow_instance (retain_until) where retain_until is not null;

-- Rollback (saga): while compensations run, the status the instance will end in.
alter table workflow_instance add column rollback_status varchar(16);
alter table workflow_instance add column final_status varchar(32);

-- waitForEvent steps record the type they wait for.
alter table step_record add column event_type varchar(100);

-- Events sent to an instance; each is consumed once, by one waitForEvent step.
create sequence workflow_event_id_seq increment by 50;
create table workflow_event (
    id             bigint       primary key,
    instance_pk    bigint       not null references workflow_instance (pk) on delete cascade,
    type           varchar(100) not null,
    payload        jsonb,
    received_at    timestamptz  not null,
    consumed_at    timestamptz,
    consumed_by    varchar(300)
);
create index workflow_event_pending on workflow_event (instance_pk, id) where consumed_at is null;
