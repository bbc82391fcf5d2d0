/**
 * Messages of the payment aggregate. An authorization is requested, then answered by the payment
 * provider (authorized or declined) through record commands; an authorized payment can be refunded
 * up to the authorized amount. Amounts are integer minor units.
 */
package io.emporium.messages.payment;
