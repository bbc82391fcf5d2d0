/**
 * The API's OpenAPI description as springdoc serves it, with what the controllers alone cannot say: the bearer
 * token scheme, the problem answers, the headers and the role each operation needs.
 */
package io.emporium.edge.apidoc;
