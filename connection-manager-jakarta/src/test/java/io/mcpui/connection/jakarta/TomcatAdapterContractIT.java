package io.mcpui.connection.jakarta;

import io.mcpui.connection.ConnectionManager;
import io.mcpui.connection.SessionTokens;
import io.mcpui.connection.testkit.WebSocketAdapterContract;
import io.mcpui.connection.websocket.WebSocketOptions;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.jspecify.annotations.Nullable;

/** The Jakarta adapter keeps the contract of every WebSocket adapter on embedded Tomcat 11. */
class TomcatAdapterContractIT extends WebSocketAdapterContract {

    @Override
    protected Adapter start(ConnectionManager manager, WebSocketOptions options, @Nullable SessionTokens tokens)
            throws Exception {
        ManagedWebSocketServlet servlet = new ManagedWebSocketServlet(manager, options, tokens);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null);
        Tomcat.addServlet(context, "pages", servlet);
        context.addServletMappingDecoded("/ws", "pages");
        tomcat.start();
        return adapter(connector::getLocalPort, servlet::stats, () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }
}
