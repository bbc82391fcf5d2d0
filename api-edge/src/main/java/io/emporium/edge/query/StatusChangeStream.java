package io.emporium.edge.query;

import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.StatusChange;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns successive views of one order into the status changes not sent yet, in order. A view carries the
 * whole history, so changes that arrive together (or before the stream was listening) are all found; a
 * status equal to the one sent last is skipped.
 */
final class StatusChangeStream {

    private int seen;
    private OrderStatus lastSent;

    List<StatusChange> newChanges(OrderView view) {
        List<StatusChange> history = view.statusHistory();
        List<StatusChange> fresh = new ArrayList<>();
        for (int i = seen; i < history.size(); i++) {
            StatusChange change = history.get(i);
            if (change.status() != lastSent) {
                fresh.add(change);
                lastSent = change.status();
            }
        }
        seen = Math.max(seen, history.size());
        return fresh;
    }
}
