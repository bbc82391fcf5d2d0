package io.emporium.messages.common;

/**
 * The metadata keys that Emporium's messages carry beside their payloads. They are part of the contract: the
 * edge writes them on the commands it sends, Axon copies them from each command to the events it causes and
 * from each event to the commands a saga sends while handling it, so every stored event says which request
 * started its chain and who asked. Keys are added, never renamed.
 */
public final class MetaDataKeys {

    /**
     * The {@code X-Correlation-Id} of the HTTP request that started the chain (accepted from the client or
     * created by the edge). Distinct from Axon's own {@code correlationId}, which names the parent message.
     */
    public static final String CORRELATION_ID = "emporium.correlationId";

    /**
     * Who caused the message: the token subject of the HTTP caller, or {@code system:<component>} for a
     * message a component of the platform sent on its own account (the order saga's commands).
     */
    public static final String CALLER = "emporium.caller";

    /** The caller's roles, comma separated ({@code customer}, {@code operator}, {@code system}). */
    public static final String CALLER_ROLES = "emporium.callerRoles";

    private MetaDataKeys() {
    }
}
