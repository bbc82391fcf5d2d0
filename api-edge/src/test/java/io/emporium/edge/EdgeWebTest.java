package io.emporium.edge;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryGateway;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Base of the edge's slice tests: Spring MVC with {@link EdgeModule}, a mocked {@link CommandGateway},
 * {@link QueryGateway} and {@link EventStore}. The command timeout is short so that a timeout test does not wait ten seconds.
 */
@WebMvcTest(properties = {"emporium.edge.command-timeout=300ms", "emporium.edge.queries.timeout=300ms",
        "emporium.security.jwt.issuer=" + EdgeTestApplication.ISSUER,
        "emporium.security.jwt.audience=" + EdgeTestApplication.AUDIENCE,
        "emporium.security.jwt.hmac-secret=" + EdgeTestApplication.SECRET})
public abstract class EdgeWebTest {

    protected static final String ORDER_ID = "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b";
    protected static final String PAYMENT_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    @Autowired
    protected MockMvc mvc;

    @MockitoBean
    protected CommandGateway commandGateway;

    @MockitoBean
    protected EventStore eventStore;

    @MockitoBean
    protected QueryGateway queryGateway;

    protected void givenCommandsAreAccepted() {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));
    }

    protected void givenCommandsFailWith(Throwable failure) {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.failedFuture(failure));
    }

    /** The one command the gateway received, as the given type. */
    protected <T> T sentCommand(Class<T> type) {
        ArgumentCaptor<Object> captor = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway).send(captor.capture());
        return type.cast(captor.getValue());
    }
}
