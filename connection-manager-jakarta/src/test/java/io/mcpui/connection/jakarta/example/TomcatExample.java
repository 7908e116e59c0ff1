package io.mcpui.connection.jakarta.example;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.jakarta.ManagedWebSocketServlet;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The README's Tomcat example. The README quotes the lines between the markers; {@code
 * TomcatExampleIT} fails when the two drift apart, runs it, and the build compiles this file.
 */
public final class TomcatExample {

    /** The example's manager and server. */
    public record Running(ConnectionManager manager, Tomcat tomcat) {}

    private TomcatExample() {}

    /** Starts the example on {@code port} (0: a free one). */
    public static Running start(int port) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        // README-BEGIN
        ConnectionManager manager = ConnectionManager.builder().build();
        tomcat.setPort(port);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null); // Tomcat's Jakarta WebSocket
        Tomcat.addServlet(context, "pages", new ManagedWebSocketServlet(manager, WebSocketOptions.defaults(), null));
        context.addServletMappingDecoded("/ws", "pages"); // pages connect to ws://host:port/ws?session_id=abc7
        tomcat.start();
        // README-END
        return new Running(manager, tomcat);
    }
}
