-- The fencing token of the attempt running now: set when a step's body starts, checked when its
-- result is committed. An attempt that timed out, or whose replica lost the instance's partition
-- while its body ran, cannot record its result once a newer attempt has started.
alter table workflow_instance add column attempt_token uuid;
alter table workflow_instance add column attempt_started_at timestamptz;
