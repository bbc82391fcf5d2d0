/**
 * Queries answered by the read models (module {@code query-projections}) and the views they answer with
 * (operator messages of the projections are in {@code io.emporium.messages.projection}).
 *
 * <p>Views are plain records of what a client may read; they are rebuilt from events at any time and carry
 * no identity beyond their keys. A query for something that does not exist is answered with {@code null}
 * (no view), which the HTTP edge turns into 404. Like every record of the contract, a view may gain fields
 * but never loses or renames one.
 */
package io.emporium.messages.query;
