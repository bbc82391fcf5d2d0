/** Values and refusals shared by every message: money, identifier rules, command refusals. */
package io.emporium.messages.common;
