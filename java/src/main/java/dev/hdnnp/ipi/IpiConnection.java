package dev.hdnnp.ipi;

import java.io.IOException;
import java.net.SocketException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;

/** Where an i-PI server listens, and connecting to it (retrying while the server is not up yet). */
public record IpiConnection(SocketAddress address, String description) {

    /** {@code HOST:PORT}, e.g. {@code localhost:31415} or {@code [::1]:31415}. */
    public static IpiConnection tcp(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1)
            throw new IllegalArgumentException("--ipi: expected HOST:PORT such as localhost:31415, got '" + hostPort + "'");
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535)
            throw new IllegalArgumentException("--ipi: port must be 1..65535, got '" + hostPort.substring(colon + 1) + "'");
        return new IpiConnection(InetSocketAddress.createUnresolved(host, port), "tcp " + host + ":" + port);
    }

    /**
     * i-PI's Unix-domain socket {@code NAME}: the file {@code /tmp/ipi_NAME}, as i-PI and ASE name it;
     * a NAME containing '/' is taken as the socket's path itself.
     */
    public static IpiConnection unix(String name) {
        if (name.isEmpty()) throw new IllegalArgumentException("--unix: empty socket name");
        Path path = name.contains("/") ? Path.of(name) : Path.of("/tmp", "ipi_" + name);
        return new IpiConnection(UnixDomainSocketAddress.of(path), "unix socket " + path);
    }

    /** Connects, retrying every 100 ms until {@code timeout} while nobody listens yet. */
    public SocketChannel connect(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel ch = null;
            try {
                if (address instanceof InetSocketAddress inet) {
                    ch = SocketChannel.open();
                    ch.connect(new InetSocketAddress(inet.getHostString(), inet.getPort()));   // resolves now
                    ch.socket().setTcpNoDelay(true);                                           // small messages, one at a time
                } else {
                    ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(address);
                }
                return ch;
            } catch (SocketException e) {           // refused, or the socket file is not there yet
                if (ch != null) ch.close();
                if (System.nanoTime() > deadline)
                    throw new IOException("no i-PI server at " + description + " (waited " + timeout.toMillis() / 1000.0 + " s): " + e.getMessage());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to " + description);
                }
            } catch (UnresolvedAddressException e) {
                ch.close();
                throw new IOException("--ipi: unknown host in " + description);
            } catch (IOException | RuntimeException e) {
                if (ch != null) ch.close();
                throw e;
            }
        }
    }
}
