package io.mcpui.server;

import io.mcpui.server.app.AppInfo;
import io.mcpui.server.app.AppSetting;
import io.mcpui.server.app.McpUiApp;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** The apps a server hosts: finding them, and checking that they fit together. */
final class Apps {

    private Apps() {}

    /**
     * Every app on the class path, found with {@link ServiceLoader}: the server's own (built-in)
     * apps first, then the others in class path order.
     */
    static List<McpUiApp> discover() {
        List<McpUiApp> builtIn = new ArrayList<>();
        List<McpUiApp> others = new ArrayList<>();
        CodeSource ours = Apps.class.getProtectionDomain().getCodeSource();
        for (McpUiApp app : ServiceLoader.load(McpUiApp.class)) {
            boolean shipped =
                    Objects.equals(app.getClass().getProtectionDomain().getCodeSource(), ours);
            (shipped ? builtIn : others).add(app);
        }
        builtIn.addAll(others);
        return builtIn;
    }

    /**
     * @throws IllegalArgumentException if two apps share a UI path or an MCP name, or a
     *     configured setting is one no app declares (a typo should not pass silently)
     */
    static void requireConsistent(List<McpUiApp> apps, Map<String, String> configuredSettings) {
        for (int i = 0; i < apps.size(); i++) {
            AppInfo info = apps.get(i).info();
            for (McpUiApp other : apps.subList(0, i)) {
                if (other.info().uiPath().equals(info.uiPath())
                        || other.info().mcpName().equals(info.mcpName())) {
                    throw new IllegalArgumentException("Apps " + other.info() + " and " + info
                            + " share a UI path or an MCP name; each needs its own");
                }
            }
        }
        Set<String> declared = new TreeSet<>();
        apps.forEach(app -> app.settings().stream().map(AppSetting::name).forEach(declared::add));
        for (String name : configuredSettings.keySet()) {
            if (!declared.contains(name)) {
                throw new IllegalArgumentException(
                        "No app declares the setting '" + name + "'; the apps' settings are " + declared);
            }
        }
    }
}
