/** Bean Validation constraints for the contract's identifier, money and text rules, checked at the edge. */
package io.emporium.edge.validation;
