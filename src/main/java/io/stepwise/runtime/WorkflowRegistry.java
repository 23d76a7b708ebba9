package io.stepwise.runtime;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.All;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.Startup;
import io.stepwise.api.Workflow;
import io.stepwise.api.WorkflowName;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The workflows of this deployment, found among the CDI beans, by name. Built at startup, so a
 * missing or clashing name stops the service before it takes any message.
 */
@Startup
@ApplicationScoped
public class WorkflowRegistry {

  /** The package of the example workflows shipped with the service. */
  public static final String EXAMPLES_PACKAGE = "io.stepwise.examples";

  /** The package of the workflows the chaos suite drives (off unless asked for). */
  public static final String VERIFICATION_PACKAGE = "io.stepwise.verification";

  private static final Logger LOG = Logger.getLogger(WorkflowRegistry.class);

  private final Map<String, RegisteredWorkflow> byName = new TreeMap<>();

  @SuppressWarnings("unchecked")
  WorkflowRegistry(
      @All List<InstanceHandle<Workflow<?, ?>>> beans,
      ObjectMapper mapper,
      @ConfigProperty(name = "stepwise.examples.enabled", defaultValue = "true") boolean examples,
      @ConfigProperty(name = "stepwise.verification.enabled", defaultValue = "false") boolean verification) {
    for (InstanceHandle<Workflow<?, ?>> handle : beans) {
      Class<?> beanClass = handle.getBean().getBeanClass();
      String pkg = beanClass.getPackageName();
      if ((!examples && pkg.equals(EXAMPLES_PACKAGE)) || (!verification && pkg.equals(VERIFICATION_PACKAGE))) {
        continue;
      }
      String name = nameOf(beanClass);
      JavaType[] types = mapper.getTypeFactory().constructType(beanClass).findTypeParameters(Workflow.class);
      JavaType params = types.length > 0 ? types[0] : mapper.constructType(Object.class);
      RegisteredWorkflow registered =
          new RegisteredWorkflow(name, (Workflow<Object, Object>) handle.get(), params, beanClass);
      RegisteredWorkflow clash = byName.put(name, registered);
      if (clash != null) {
        throw new IllegalStateException(
            "two workflows are named '" + name + "': " + clash.beanClass().getName() + " and " + beanClass.getName());
      }
    }
    LOG.infof("STEPWISE-001 workflows registered: %s", byName.keySet());
  }

  public Optional<RegisteredWorkflow> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<RegisteredWorkflow> all() {
    return byName.values();
  }

  private static String nameOf(Class<?> beanClass) {
    WorkflowName annotation = beanClass.getAnnotation(WorkflowName.class);
    if (annotation == null) {
      throw new IllegalStateException(beanClass.getName() + " implements Workflow but has no @WorkflowName");
    }
    if (!Names.isValidWorkflowName(annotation.value())) {
      throw new IllegalStateException(
          beanClass.getName() + ": workflow name '" + annotation.value()
              + "' must be 1 to 64 characters of [a-zA-Z0-9_-], not starting with '-'");
    }
    return annotation.value();
  }
}
