package io.emporium.platform.events;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's embedded event store, whose streams tell a pooled streaming processor the moment new events can be
 * read.
 *
 * <p>A {@code PooledStreamingEventProcessor} that has caught up asks its stream for a callback on new events. The
 * streams of Axon's {@link EmbeddedEventStore} offer none, and the processor then looks again only every 500 ms:
 * each hop of an order's way (event, saga, command, event) waited 250 ms on average and up to half a second, and
 * every read model lagged as much behind its events (docs/benchmarks/README.md).
 *
 * <p>This store keeps one stream of its own at the head of the event stream, on a daemon thread that blocks until
 * the store's producer has read new events from the database, and then runs the callback of every open stream.
 * The callbacks therefore fire after the events are readable by every stream, never before, so a processor that
 * is woken finds them. A stream that is closed stops being called. The processor's own periodic look remains as a
 * fallback.
 */
public class SignallingEventStore extends EmbeddedEventStore {

    private static final Logger log = LoggerFactory.getLogger(SignallingEventStore.class);
    /** How long the watcher blocks at most before it checks whether the store is shutting down. */
    private static final int WATCH_INTERVAL_MILLIS = 500;

    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final Object watcherLock = new Object();
    private Thread watcher;
    private volatile boolean shuttingDown;

    public SignallingEventStore(Builder builder) {
        super(builder);
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new SignallingStream(super.openStream(trackingToken));
    }

    @Override
    public void shutDown() {
        shuttingDown = true;
        synchronized (watcherLock) {
            if (watcher != null) {
                watcher.interrupt();
            }
        }
        super.shutDown();
    }

    /** How many open streams are waiting to be told of new events. */
    int waitingStreams() {
        return callbacks.size();
    }

    private void register(Runnable callback) {
        callbacks.add(callback);
        synchronized (watcherLock) {
            if (watcher == null && !shuttingDown) {
                // The head is taken here, not on the new thread: an event published after this registration
                // returns is then seen by the watcher, however late its thread starts.
                TrackingToken head = createHeadToken();
                watcher = new Thread(() -> watch(head), "event-arrival-signal");
                watcher.setDaemon(true);
                watcher.start();
            }
        }
    }

    private void watch(TrackingToken from) {
        try (TrackingEventStream head = super.openStream(from)) {
            while (!shuttingDown) {
                if (head.hasNextAvailable(WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
                    while (head.hasNextAvailable()) {
                        head.nextAvailable();
                    }
                    signal();
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failure) {
            if (!shuttingDown) {
                log.warn("Event arrival signal stopped; processors fall back to looking for events every 500 ms", failure);
            }
        } finally {
            synchronized (watcherLock) {
                watcher = null;
            }
        }
    }

    private void signal() {
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException failure) {
                log.warn("A stream's new-event callback failed", failure);
            }
        }
    }

    /** The embedded store's stream, with the new-event callback it lacks. */
    private final class SignallingStream implements TrackingEventStream {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;

        SignallingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            register(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                callbacks.remove(current);
            }
            delegate.close();
        }
    }
}
