package io.emporium.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The harness sends load only to this machine: every address a target host resolves to must be loopback. */
public final class Loopback {

    private Loopback() {
    }

    public static void require(String host, String what) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new BenchmarkOptions.UsageException(what + ": unknown host " + host);
        }
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new BenchmarkOptions.UsageException(what + " must point at this machine (127.0.0.1, localhost or ::1); "
                        + host + " resolves to " + address.getHostAddress());
            }
        }
    }
}
