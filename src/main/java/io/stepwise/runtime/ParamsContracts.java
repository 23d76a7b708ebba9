package io.stepwise.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import io.stepwise.api.ValidatedParams;
import io.stepwise.errors.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What a workflow accepts as params: a JSON Schema generated from its params type (published in the
 * workflow view, so the CLI and the dashboard can show it), and a strict check of a create
 * request's params against that type.
 *
 * <p>The check is strict where replay is lenient on purpose: a new instance is refused for an
 * unknown field or a value of the wrong type (a typo would otherwise run silently with a default),
 * while an instance already stored keeps replaying after its params type gained or lost a field.
 */
@ApplicationScoped
public class ParamsContracts {

  private final ObjectMapper mapper;
  private final ObjectMapper strict;
  private final SchemaGenerator generator;
  private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();

  public ParamsContracts(ObjectMapper mapper) {
    this.mapper = mapper;
    this.strict = strict(mapper);
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(
                mapper, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED))
            // the strict check refuses unknown fields, so the schema says so
            .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
    config.forTypesInGeneral().withPropertySorter((a, b) -> 0); // as declared, not alphabetically
    this.generator = new SchemaGenerator(config.build());
  }

  /**
   * Unknown fields and scalars of the wrong JSON type are errors. Nulls for primitives are refused
   * by {@link #refuseNullPrimitives} instead: Jackson's own switch would refuse an absent primitive
   * too, which the schema does not call required.
   */
  private static ObjectMapper strict(ObjectMapper mapper) {
    ObjectMapper strict =
        mapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    for (LogicalType type :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      strict.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
      // "" would otherwise read as null, and so as 0 or false for a primitive
      strict
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    strict
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    for (CoercionInputShape scalar :
        new CoercionInputShape[] {
          CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
      strict.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
    }
    return strict;
  }

  /** The params type's name as a reader of the code knows it, e.g. {@code OrderWorkflow.Params}. */
  public static String typeName(RegisteredWorkflow workflow) {
    Class<?> raw = workflow.paramsType().getRawClass();
    String name = raw.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }

  /**
   * The params type as a JSON Schema (draft 2020-12): fields, their types, which are required, no
   * others allowed, and the defaults an empty object gets where the type gives any.
   */
  public JsonNode schema(RegisteredWorkflow workflow) {
    return schemas.computeIfAbsent(workflow.name(), name -> generate(workflow.paramsType()));
  }

  private JsonNode generate(JavaType type) {
    // victools resolves types itself (classmate): it gets the class; the generic arguments of a
    // params type such as Map<String, Order> are lost from the schema, not from the check
    ObjectNode schema = generator.generateSchema(type.getRawClass());
    if (schema.get("properties") instanceof ObjectNode properties) {
      JsonNode defaults = defaults(type);
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        JsonNode value = defaults.get(property.getKey());
        if (value != null
            && !value.isNull()
            && property.getValue() instanceof ObjectNode field
            && !field.has("default")) {
          field.set("default", value);
        }
      }
    }
    return schema;
  }

  /** What the type makes of an empty object: its defaults, or nothing when it refuses one. */
  private JsonNode defaults(JavaType type) {
    try {
      return mapper.valueToTree(mapper.convertValue(mapper.createObjectNode(), type));
    } catch (IllegalArgumentException requiredFieldsOrNotAnObject) {
      return mapper.createObjectNode();
    }
  }

  /**
   * Checks params for a new instance of the workflow; absent params are checked as an empty object
   * when the type is one, so a required field is reported missing.
   *
   * @throws InvalidInputException naming the field that does not fit
   */
  public void check(RegisteredWorkflow workflow, JsonNode params) {
    JavaType type = workflow.paramsType();
    if (type.hasRawClass(Void.class)) {
      return; // a workflow without params ignores whatever it is given
    }
    boolean absent = params == null || params.isNull() || params.isMissingNode();
    if (absent && !isObjectType(workflow)) {
      return;
    }
    try {
      if (!absent) {
        refuseNullPrimitives(type, params);
      }
      Object read = strict.convertValue(absent ? mapper.createObjectNode() : params, type);
      if (read instanceof ValidatedParams checked) {
        checked.validate(); // on create only: replay never runs it
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "params do not fit workflow '"
              + workflow.name()
              + "' ("
              + typeName(workflow)
              + "): "
              + explain(e.getCause() instanceof JsonMappingException m ? m : null, e));
    }
  }

  /** {@code {"cents": null}} for a {@code long}: Jackson would quietly read 0. */
  private void refuseNullPrimitives(JavaType type, JsonNode params) {
    if (!params.isObject()) {
      return;
    }
    for (BeanPropertyDefinition property :
        mapper.getDeserializationConfig().introspect(type).findProperties()) {
      JsonNode value = params.get(property.getName());
      Class<?> raw = property.getRawPrimaryType();
      if (value != null && value.isNull() && raw.isPrimitive()) {
        throw new IllegalArgumentException(
            "'params." + property.getName() + "' must be " + jsonKind(raw) + ", not null");
      }
    }
  }

  private boolean isObjectType(RegisteredWorkflow workflow) {
    return "object".equals(schema(workflow).path("type").asText());
  }

  private static String explain(JsonMappingException mapping, IllegalArgumentException e) {
    if (mapping instanceof UnrecognizedPropertyException unknown) {
      String known =
          unknown.getKnownPropertyIds() == null
              ? ""
              : unknown.getKnownPropertyIds().stream()
                  .map(Objects::toString)
                  .sorted()
                  .collect(Collectors.joining(", "));
      return "unknown field "
          + path(mapping)
          + (known.isEmpty() ? "" : " (known fields: " + known + ")");
    }
    if (mapping == null && e.getCause() == null) {
      return firstLine(e.getMessage()); // ValidatedParams.validate, or a null primitive, said no
    }
    if (mapping instanceof ValueInstantiationException refused && refused.getCause() != null) {
      return firstLine(refused.getCause().getMessage()); // the params type's constructor said no
    }
    String message = firstLine(mapping != null ? mapping.getOriginalMessage() : e.getMessage());
    if (mapping != null && message.startsWith("Missing required creator property")) {
      return path(mapping) + " is required";
    }
    if (mapping instanceof MismatchedInputException mismatch && !mapping.getPath().isEmpty()) {
      Class<?> target = mismatch.getTargetType();
      return path(mapping) + " must be " + (target == null ? "of another type" : jsonKind(target));
    }
    return message;
  }

  /** {@code params.items[2].sku}: where in the params the mistake is. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder("params");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return "'" + path + "'";
  }

  private static String jsonKind(Class<?> type) {
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class
        || type == java.math.BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object (" + type.getSimpleName() + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not readable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
