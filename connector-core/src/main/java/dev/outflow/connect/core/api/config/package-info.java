/**
 * A destination's configuration: the framework's shared keys ({@link dev.outflow.connect.core.api.config.SinkConfig}),
 * rules between keys ({@link dev.outflow.connect.core.api.config.ConfigRule},
 * {@link dev.outflow.connect.core.api.config.ConfigRules}), what an access check finds
 * ({@link dev.outflow.connect.core.api.config.ConfigProblem}), recommenders that let config UIs offer values
 * and hide keys that do not apply ({@link dev.outflow.connect.core.api.config.KeyRecommender},
 * {@link dev.outflow.connect.core.api.config.When}), a validator the destinations share
 * ({@link dev.outflow.connect.core.api.config.TimeZoneName}), and the generator of a connector's config reference
 * ({@link dev.outflow.connect.core.api.config.ConfigReference}), which a module's build runs.
 */
package dev.outflow.connect.core.api.config;
