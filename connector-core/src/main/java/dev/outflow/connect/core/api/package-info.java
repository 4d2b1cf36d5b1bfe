/**
 * What a destination author uses: the whole contract between a destination and the framework.
 *
 * <p>A basic destination meets seven types: it implements {@link dev.outflow.connect.core.api.Destination},
 * gets {@link dev.outflow.connect.core.api.Row}s, answers a {@link dev.outflow.connect.core.api.WriteResult},
 * classifies its failures as a {@link dev.outflow.connect.core.api.Failure}, names its rate limits as
 * {@link dev.outflow.connect.core.api.QuotaScope}s, and is wired by two final classes of a few lines that
 * extend {@link dev.outflow.connect.core.api.DestinationSinkConnector} and
 * {@link dev.outflow.connect.core.api.DestinationSinkTask}. Its unit tests make rows with
 * {@link dev.outflow.connect.core.api.Rows}.
 *
 * <p>The rest is met only when needed: {@link dev.outflow.connect.core.api.TransportFailures} and
 * {@link dev.outflow.connect.core.api.RetryAfter} for HTTP clients; {@link dev.outflow.connect.core.api.Cell},
 * {@link dev.outflow.connect.core.api.CellType} and {@link dev.outflow.connect.core.api.MetadataField} to read a
 * row field by field; {@link dev.outflow.connect.core.api.StoredOffsets} for exactly-once;
 * {@link dev.outflow.connect.core.api.FirstRowsFailedException} for an app that takes a batch one row at a
 * time; {@link dev.outflow.connect.core.api.DestinationMetrics} and {@link dev.outflow.connect.core.api.ErrorClass}
 * for a destination that looks at its own outcomes; and {@link dev.outflow.connect.core.api.config} for keys
 * with rules between them, recommenders and access checks.
 *
 * <p>Nothing in this package's signatures names a type of {@code dev.outflow.connect.core.internal}, which is
 * the engine and may change in any release.
 */
package dev.outflow.connect.core.api;
