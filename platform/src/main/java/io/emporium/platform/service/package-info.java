/**
 * How a service of distributed mode starts: each reads its own configuration file, so that several modules can
 * share a class path.
 */
package io.emporium.platform.service;
