/**
 * A deliberately broken copy of Emporium's package layout. Every class here breaks one architecture
 * rule, so the rule tests can prove that each rule fails when it should. Never imported by production code.
 */
package io.emporium.architecture.broken;
