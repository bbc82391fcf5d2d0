/** Request and response shapes shared by several endpoints. */
package io.emporium.edge.common;
