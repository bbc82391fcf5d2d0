/** Bean Validation constraints for the contract's identifier and money rules, checked at the edge. */
package io.emporium.edge.validation;
