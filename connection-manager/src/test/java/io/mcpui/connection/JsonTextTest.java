package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JsonText accepts exactly the texts a JSON parser reads as one object. */
class JsonTextTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    @Test
    void objectsAreAcceptedAsTheyAre() {
        assertThat(JsonText.of(" {\"type\":\"x\",\"n\":-1.5e3,\"a\":[true,false,null,{}],\"s\":\"\\u00e9\\n\"} ")
                        .text())
                .isEqualTo("{\"type\":\"x\",\"n\":-1.5e3,\"a\":[true,false,null,{}],\"s\":\"\\u00e9\\n\"}");
        assertThat(JsonText.of("{}").text()).isEqualTo("{}");
    }

    @Test
    void anythingButOneObjectIsRefusedWithWhatItWas() {
        for (String bad : List.of(
                "[1]",
                "\"s\"",
                "1",
                "{",
                "{\"a\"}",
                "{\"a\":}",
                "{\"a\":1,}",
                "{a:1}",
                "{\"a\":01}",
                "{\"a\":1.}",
                "{\"a\":\"\u0001\"}",
                "{\"a\":\"\\x\"}",
                "{\"a\":tru}",
                "{}{}",
                "{} x",
                "")) {
            assertThatThrownBy(() -> JsonText.of(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Not one JSON object");
        }
    }

    @Test
    void itAgreesWithAJsonParserOnRandomTexts() {
        Random random = new Random(42);
        String alphabet = "{}[]\":,0123456789-+.eEtruefalsn \\u\"ab";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder text = new StringBuilder("{");
            int length = random.nextInt(12);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            assertThat(accepted(candidate)).as(candidate).isEqualTo(jacksonSaysObject(candidate));
        }
    }

    @Test
    void nestingBeyondFiveHundredIsRefusedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThat(accepted(deep)).isFalse();
    }

    private static boolean accepted(String text) {
        try {
            JsonText.of(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean jacksonSaysObject(String text) {
        try (var parser = JACKSON.createParser(text)) {
            JsonNode node = JACKSON.readTree(parser);
            return node != null && node.isObject() && parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }
}
