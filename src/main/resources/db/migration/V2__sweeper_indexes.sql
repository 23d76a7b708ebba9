-- The sweeper looks for runnable instances that have not moved for a while.
create index workflow_instance_runnable on workflow_instance (updated_at) where status in ('queued', 'running');
