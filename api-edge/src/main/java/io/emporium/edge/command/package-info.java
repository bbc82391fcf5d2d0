/** Sending a command and waiting a bounded time for the aggregate's decision. */
package io.emporium.edge.command;
