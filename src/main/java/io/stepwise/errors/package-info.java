/**
 * What an operation is refused with (an unknown workflow or instance, a duplicate id, input that
 * breaks a rule, a status that does not allow it, too much): thrown by {@code runtime} and {@code
 * persistence}, passed on by {@code client}, and answered by the adapters ({@code rest}, the Kafka
 * consumers). A package of its own so that the adapters need not know where an error comes from.
 */
package io.stepwise.errors;
