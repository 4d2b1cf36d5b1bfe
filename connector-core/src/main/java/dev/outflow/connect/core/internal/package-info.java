/**
 * The engine behind {@link dev.outflow.connect.core.api}: records to rows ({@code row}), buffers and batches
 * ({@code batch}), rate limits and backoff ({@code delivery}), offset tracking ({@code offsets}), the
 * dead-letter queue ({@code errors}), metrics ({@code metrics}) and the task's state machine ({@code task}).
 *
 * <p>Not API: public only because its classes cross packages. A destination never needs these types, and
 * they may change in any release; the tests of this repository's own destinations reach in here to build
 * rows with particular {@code row.*} settings.
 */
package dev.outflow.connect.core.internal;
