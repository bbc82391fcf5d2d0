/** Catalogue endpoints: register a product, receive stock. */
package io.emporium.edge.product;
