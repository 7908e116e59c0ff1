package io.mcpui.connection;

/** The WebSocket close codes (RFC 6455, section 7.4.1) that the manager and its adapters use. */
public final class CloseCodes {

    /** 1000: the purpose of the connection is fulfilled. */
    public static final int NORMAL = 1000;

    /** 1001: the server is going away (shutdown). */
    public static final int GOING_AWAY = 1001;

    /** 1003: the peer sent data of a type the endpoint does not accept (binary frames here). */
    public static final int UNSUPPORTED_DATA = 1003;

    /** 1008: the peer violated policy (bad session id, outbound queue overflow). */
    public static final int POLICY_VIOLATION = 1008;

    /** 1009: a message was larger than the configured limit. */
    public static final int MESSAGE_TOO_BIG = 1009;

    /**
     * 1012: the server is restarting (or shutting down in a cluster): reconnect, to another node
     * if need be; the session resumes there.
     */
    public static final int SERVICE_RESTART = 1012;

    /** 1013: the server is at a limit or cannot reach its cluster; try again later (too many sessions on this node, or the cluster is unreachable). */
    public static final int TRY_AGAIN_LATER = 1013;

    /** 1011: the server hit an unexpected condition. */
    public static final int SERVER_ERROR = 1011;

    private CloseCodes() {}
}
