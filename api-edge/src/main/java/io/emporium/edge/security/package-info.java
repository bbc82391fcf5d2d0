/**
 * Who may call what: bearer tokens checked by Spring Security's resource server, roles from the token's roles
 * claim, the caller written into every command's metadata, and the 401 and 403 answers as problems (decision
 * 0030); the {@code local} profile's token endpoint.
 */
package io.emporium.edge.security;
