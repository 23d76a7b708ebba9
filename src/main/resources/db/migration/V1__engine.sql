-- One row per workflow instance. seq is the optimistic version: every transition bumps it, and a
-- message only acts on the instance when it carries the current value.
create sequence workflow_instance_pk_seq increment by 50;

create table workflow_instance (
    pk            bigint       primary key,
    workflow      varchar(64)  not null,
    instance_id   varchar(100) not null,
    status        varchar(32)  not null,
    params        jsonb,
    output        jsonb,
    error_name    text,
    error_message text,
    seq           bigint       not null,
    created_at    timestamptz  not null,
    started_at    timestamptz,
    ended_at      timestamptz,
    updated_at    timestamptz  not null,
    constraint workflow_instance_id_unique unique (workflow, instance_id)
);

-- Newest-first paging per workflow, with an optional status filter.
create index workflow_instance_list on workflow_instance (workflow, pk desc);
create index workflow_instance_status on workflow_instance (workflow, status, pk desc);

create sequence step_record_id_seq increment by 50;

-- One row per step (name + occurrence) of an instance; attempts is the JSON timeline.
create table step_record (
    id            bigint       primary key,
    instance_pk   bigint       not null references workflow_instance (pk) on delete cascade,
    name          varchar(256) not null,
    occurrence    int          not null,
    type          varchar(16)  not null,
    status        varchar(16)  not null,
    attempts      jsonb        not null,
    result        jsonb,
    error_name    text,
    error_message text,
    started_at    timestamptz,
    ended_at      timestamptz,
    wake_at       timestamptz,
    constraint step_record_key_unique unique (instance_pk, name, occurrence)
);

-- The sweeper (timer recovery) looks for waiting steps whose wake-up time has passed.
create index step_record_wake on step_record (wake_at) where status = 'waiting';
