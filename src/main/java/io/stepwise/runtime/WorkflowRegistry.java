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
      @ConfigProperty(name = "stepwise.examples.enabled", defaultValue = "false") boolean examples,
      @ConfigProperty(name = "stepwise.verification.enabled", defaultValue = "false")
          boolean verification) {
    for (InstanceHandle<Workflow<?, ?>> handle : beans) {
      Class<?> beanClass = handle.getBean().getBeanClass();
      String pkg = beanClass.getPackageName();
      if ((!examples && pkg.equals(EXAMPLES_PACKAGE))
          || (!verification && pkg.equals(VERIFICATION_PACKAGE))) {
        continue;
      }
      String name = nameOf(beanClass);
      JavaType[] types =
          mapper.getTypeFactory().constructType(beanClass).findTypeParameters(Workflow.class);
      JavaType params = types.length > 0 ? types[0] : mapper.constructType(Object.class);
      RegisteredWorkflow registered =
          new RegisteredWorkflow(name, (Workflow<Object, Object>) handle.get(), params, beanClass);
      add(byName, registered);
    }
    LOG.infof("STEPWISE-001 workflows registered: %s", byName.keySet());
  }

  public Optional<RegisteredWorkflow> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<RegisteredWorkflow> all() {
    return byName.values();
  }

  /**
   * Adds a workflow to the registry, refusing a name that is taken: with Stepwise used as a
   * library, the clash may be between the application's class and an example it turned on.
   */
  static void add(Map<String, RegisteredWorkflow> byName, RegisteredWorkflow workflow) {
    RegisteredWorkflow clash = byName.putIfAbsent(workflow.name(), workflow);
    if (clash != null) {
      throw new IllegalStateException(
          "two workflows are named '"
              + workflow.name()
              + "': "
              + clash.beanClass().getName()
              + " and "
              + workflow.beanClass().getName()
              + "; rename one (@WorkflowName)");
    }
  }

  static String nameOf(Class<?> beanClass) {
    WorkflowName annotation = beanClass.getAnnotation(WorkflowName.class);
    if (annotation == null) {
      throw new IllegalStateException(
          beanClass.getName()
              + " implements Workflow but has no @WorkflowName: add @WorkflowName(\"<name>\") to name it for REST, Kafka and the CLI");
    }
    if (!Names.isValidWorkflowName(annotation.value())) {
      throw new IllegalStateException(
          beanClass.getName()
              + ": workflow name '"
              + annotation.value()
              + "' must be 1 to 64 characters of [a-zA-Z0-9_-], not starting with '-'");
    }
    return annotation.value();
  }
}
