package io.mcpui.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer in front of server nodes, as pages meet one in a deployment: each new
 * connection goes to the next node in rotation (one that refuses it is skipped), and its bytes are
 * piped both ways until either side closes. Taking a node out of rotation, as a deployment does
 * before it stops a node, sends new connections elsewhere and leaves open ones alone.
 */
public final class Balancer implements AutoCloseable {

    private final ServerSocket listener;
    private final Set<Integer> inRotation = ConcurrentHashMap.newKeySet();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pipes = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "balancer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger next = new AtomicInteger();

    private Balancer(ServerSocket listener) {
        this.listener = listener;
    }

    /** A balancer on a free loopback port, with no node in rotation yet. */
    public static Balancer start() throws IOException {
        Balancer balancer = new Balancer(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()));
        balancer.pipes.execute(balancer::accept);
        return balancer;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** New connections may go to the node on {@code port}. */
    public void add(int port) {
        inRotation.add(port);
    }

    /** New connections no longer go to the node on {@code port}. */
    public void remove(int port) {
        inRotation.remove(port);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        pipes.shutdownNow();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                pipes.execute(() -> route(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void route(Socket client) {
        Socket node = connectToANode();
        if (node == null) {
            closeQuietly(client); // no node takes it: the page sees the connection fail and retries
            return;
        }
        open.add(client);
        open.add(node);
        pipes.execute(() -> pipe(client, node));
        pipe(node, client);
    }

    private Socket connectToANode() {
        List<Integer> ports = List.copyOf(inRotation);
        for (int tried = 0; tried < ports.size(); tried++) {
            int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
            try {
                Socket node = new Socket();
                node.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
                return node;
            } catch (IOException refused) {
                // stopped meanwhile: try the next one
            }
        }
        return null;
    }

    /** Copies {@code from} to {@code to} until {@code from} ends, then closes both. */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ended) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
