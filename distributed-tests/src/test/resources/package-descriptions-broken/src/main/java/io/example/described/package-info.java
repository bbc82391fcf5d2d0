/** Holds what it says. */
package io.example.described;
