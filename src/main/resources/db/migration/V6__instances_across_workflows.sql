-- GET /api/instances lists instances across workflows (the dashboard's recent page, refreshed
-- every few seconds) and finds one by id alone. The other indexes lead with the workflow.
create index workflow_instance_by_id on workflow_instance (instance_id);
create index workflow_instance_by_status on workflow_instance (status, pk desc);
