package org.portaudit.scanner.rpc;

import java.util.List;

/**
 * Why an endpoint-mapper lookup did not finish. The message is one line meant for people; {@link #kind()}
 * lets the audit turn a refused or timed-out connect into a port state instead of an error.
 */
public final class RpcException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely. */
    public enum Kind {
        /** TCP RST to the connect. */
        REFUSED,
        /** No connect or no answer within the caller's timeout. */
        TIMEOUT,
        /** Host or network unreachable, or another socket error. */
        IO,
        /** The mapper answered bind with bind_nak or rejected the presentation context. */
        BIND_REJECTED,
        /** The mapper answered with a fault PDU or a non-success ept_lookup status. */
        FAULT,
        /** Bytes that are not valid DCE/RPC or NDR. */
        MALFORMED,
        /** The mapper exceeded a limit meant to stop a hostile peer (entries, calls, sizes, repeats). */
        LIMIT
    }

    private final Kind kind;
    private final transient List<RpcEndpoint> partial;

    public RpcException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    public RpcException(Kind kind, String message, List<RpcEndpoint> partial) {
        super(oneLine(message), null, false, false);
        this.kind = kind;
        this.partial = List.copyOf(partial);
    }

    public Kind kind() {
        return kind;
    }

    /** Endpoints read before the failure (empty for most kinds); useful evidence even when the walk broke off. */
    public List<RpcEndpoint> partial() {
        return partial == null ? List.of() : partial;
    }

    /** Same failure, with the endpoints that had been collected when it happened. */
    RpcException withPartial(List<RpcEndpoint> endpoints) {
        return new RpcException(kind, getMessage(), endpoints);
    }

    static RpcException malformed(String message) {
        return new RpcException(Kind.MALFORMED, message);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
