/** Payment endpoints for operators: refund an authorized payment. */
package io.emporium.edge.payment;
