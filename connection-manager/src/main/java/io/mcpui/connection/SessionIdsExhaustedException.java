package io.mcpui.connection;

/**
 * The session id generator ran out of candidates before it found an id that no live or reserved
 * session uses. Lengthen the ids (see {@link SessionIdGenerator#seedFormat(int)}) or shorten how
 * long unused ids stay reserved.
 */
public class SessionIdsExhaustedException extends ConnectionManagerException {

    private static final long serialVersionUID = 1L;

    public SessionIdsExhaustedException(String message) {
        super(Reason.SESSION_IDS_EXHAUSTED, null, message);
    }
}
