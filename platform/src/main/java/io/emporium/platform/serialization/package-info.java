/**
 * The one JSON form of everything Axon stores or sends: a Jackson mapper of Axon's own, which no web setting can
 * change.
 */
package io.emporium.platform.serialization;
