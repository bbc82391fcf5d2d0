/** Order endpoints: place an order under a client-chosen id, cancel it. */
package io.emporium.edge.order;
