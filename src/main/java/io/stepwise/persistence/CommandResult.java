package io.stepwise.persistence;

import io.stepwise.engine.InstanceStatus;
import io.stepwise.engine.StatusCommand;

/** What an operator's command did: the instance after it, and what must now be published. */
public record CommandResult(
    long pk,
    String workflow,
    String instanceId,
    InstanceStatus from,
    InstanceStatus status,
    long seq,
    StatusCommand.Effect effect) {}
