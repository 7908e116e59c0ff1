package io.mcpui.server.app;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A setting an app declares: the server offers it as the command-line flag {@code --<name>} and
 * the environment variable of the same name in upper snake case ({@code strudel-repl-url} is
 * {@code --strudel-repl-url} and {@code STRUDEL_REPL_URL}), lists it in {@code --help}, and gives
 * its value to the app through {@link AppContext#setting(String)}. Immutable.
 *
 * @param name lowercase words joined by {@code -}, e.g. {@code strudel-repl-url}; start it with
 *     the app's name, since every app's settings share one command line
 * @param description what it sets, for {@code --help}
 * @param defaultValue the value when neither the flag nor the variable is given
 */
public record AppSetting(String name, String description, String defaultValue) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** @throws IllegalArgumentException if {@code name} is not lowercase words joined by {@code -} */
    public AppSetting {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "A setting name is lowercase words joined by '-', like strudel-repl-url; was '" + name + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }

    /** The command-line flag: {@code --<name>}. */
    public String flag() {
        return "--" + name;
    }

    /** The environment variable: the name in upper snake case. */
    public String environmentVariable() {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
