/**
 *
 */
package io.example.empty;
