package io.mcpui.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies balancers = TrustedProxies.parse("10.0.0.0/8, 192.168.1.5, fd00::/8");

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void addressesAndBlocksAreTrustedAsListed() throws Exception {
        assertThat(balancers.trusts(ip("10.200.3.4"))).isTrue();
        assertThat(balancers.trusts(ip("192.168.1.5"))).isTrue();
        assertThat(balancers.trusts(ip("192.168.1.6"))).isFalse();
        assertThat(balancers.trusts(ip("fd12::1"))).isTrue();
        assertThat(balancers.trusts(ip("2001:db8::1"))).isFalse();
        assertThat(TrustedProxies.parse(" ").trusts(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void behindATrustedProxyTheClientIsTheNewestHopThatIsNotAProxy() throws Exception {
        // The client sent a forged first entry; the balancer appended what it saw.
        assertThat(balancers.clientAddress(ip("10.0.0.1"), null, "1.2.3.4, 203.0.113.7"))
                .isEqualTo(ip("203.0.113.7"));
        // Two proxies in a row.
        assertThat(balancers.clientAddress(ip("10.0.0.1"), null, "203.0.113.7, 10.9.9.9"))
                .isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void forwardedWinsOverXForwardedForAndItsFormsAreUnderstood() throws Exception {
        assertThat(balancers.clientAddress(ip("10.0.0.1"), "for=\"[2001:db8::1]:4711\";proto=https", "198.51.100.1"))
                .isEqualTo(ip("2001:db8::1"));
        assertThat(balancers.clientAddress(ip("10.0.0.1"), "for=198.51.100.9:80, for=10.1.1.1", null))
                .isEqualTo(ip("198.51.100.9"));
    }

    @Test
    void headersFromAnUntrustedPeerOrUnusableHopsAreNotBelieved() throws Exception {
        assertThat(balancers.clientAddress(ip("203.0.113.50"), null, "1.2.3.4")).isEqualTo(ip("203.0.113.50"));
        assertThat(balancers.clientAddress(ip("10.0.0.1"), "for=_hidden", null)).isEqualTo(ip("10.0.0.1"));
        assertThat(balancers.clientAddress(ip("10.0.0.1"), null, "999.1.1.1")).isEqualTo(ip("10.0.0.1"));
        assertThat(balancers.clientAddress(ip("10.0.0.1"), null, "example.com")).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void aBadEntryIsNamedInTheError() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8, lb.internal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lb.internal' is not an IP address or CIDR block");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("'10.0.0.0/33'");
    }
}
