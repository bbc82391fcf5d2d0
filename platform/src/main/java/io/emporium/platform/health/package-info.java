/**
 * Health of an instance beyond its connections: whether its event processors run and none is in error, as a
 * readiness component.
 */
package io.emporium.platform.health;
