package io.gitbridge.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses a connection may go to. The policy resolves through this interface both when a
 * hook is validated and right before each connection, so tests can simulate DNS answers (a name that resolves to
 * {@code 127.0.0.1}, an answer that changes between validation and connect).
 */
@FunctionalInterface
public interface HostResolver {

    /** The system resolver ({@link InetAddress#getAllByName}). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Every address {@code host} resolves to, never empty.
     *
     * @param host a DNS name (never a literal: the policy handles literals itself)
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
