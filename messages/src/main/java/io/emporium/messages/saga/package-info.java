/**
 * The saga's operator messages: saga events parked by the order saga's processor after they kept failing, listed,
 * handled again or dropped (decision 0044). Answered wherever the saga runs (standalone or the saga service).
 */
package io.emporium.messages.saga;
