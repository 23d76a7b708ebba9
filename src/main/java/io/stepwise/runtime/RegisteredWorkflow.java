package io.stepwise.runtime;

import com.fasterxml.jackson.databind.JavaType;
import io.stepwise.api.Workflow;

/** A workflow bean with what the engine needs to run it. */
public record RegisteredWorkflow(
    String name, Workflow<Object, Object> workflow, JavaType paramsType, Class<?> beanClass) {}
