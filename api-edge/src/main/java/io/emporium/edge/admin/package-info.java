/** Inspection endpoints for operators: an aggregate's stored event stream. */
package io.emporium.edge.admin;
