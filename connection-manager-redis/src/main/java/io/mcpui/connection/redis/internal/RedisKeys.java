package io.mcpui.connection.redis.internal;

/**
 * The names of every key and channel a cluster uses, below one namespace. Immutable.
 *
 * @param namespace the prefix shared by the nodes of one cluster
 */
public record RedisKeys(String namespace) {

    /** The set of node ids that announced themselves. */
    public String nodes() {
        return namespace + ":nodes";
    }

    /** A node's liveness key: while it exists, the node is alive. */
    public String liveness(String node) {
        return livenessPrefix() + node;
    }

    /** What every liveness key starts with, the node id following. */
    public String livenessPrefix() {
        return namespace + ":node:";
    }

    /** A node's session registry: a hash of session id to connection count. */
    public String registry(String node) {
        return namespace + ":sessions:" + node;
    }

    /** The reservation of a generated session id. */
    public String reservation(String sessionId) {
        return namespace + ":id:" + sessionId;
    }

    /**
     * A session as the cluster knows it: a hash of its last {@code seq} (field {@code seq}) and,
     * for each node that holds it, the node's connections (field: the node id).
     */
    public String session(String sessionId) {
        return sessionPrefix() + sessionId;
    }

    /** What every session key starts with, the session id following. */
    public String sessionPrefix() {
        return namespace + ":session:";
    }

    /** A session's recent messages, for pages that resume on another node. */
    public String history(String sessionId) {
        return namespace + ":history:" + sessionId;
    }

    /** The values apps keep for a session. */
    public String values(String sessionId) {
        return namespace + ":values:" + sessionId;
    }

    /** The channel a node reads its messages, requests and replies from. */
    public String directChannel(String node) {
        return directChannelPrefix() + node;
    }

    /** What every node's channel starts with, the node id following. */
    public String directChannelPrefix() {
        return namespace + ":to:";
    }

    /** The channel every node reads broadcasts from. */
    public String broadcastChannel() {
        return namespace + ":broadcast";
    }

    /** The channel every node reads registry changes from. */
    public String eventsChannel() {
        return namespace + ":events";
    }
}
