package org.portaudit.scanner.cli;

import java.io.IOException;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs command lines of the real CLI, in a child JVM that {@link NetworkNamespace} started in a network
 * namespace of its own, after checking that the namespace holds nothing but loopback: a target the
 * parser misreads (177.0.0.1 for 0177.0.0.1) cannot leave the machine.
 *
 * <p>Arguments: a directory for the results, then the command lines separated by {@link #THEN}. The
 * results of command line {@code i} are {@code i.exit}, {@code i.out} and {@code i.err}.
 */
public final class IsolatedCli {
    static final String THEN = "--then--";
    /** Exit code of the child when it is not isolated: nothing was run. */
    static final int NOT_ISOLATED = 97;

    private IsolatedCli() {
    }

    public static void main(String[] args) throws IOException {
        List<String> interfaces = interfaces();
        if (!interfaces.equals(List.of("lo"))) {
            System.err.println("not isolated: network interfaces " + interfaces + "; nothing run");
            System.exit(NOT_ISOLATED);
        }
        Path out = Path.of(args[0]);
        List<String> command = new ArrayList<>();
        int i = 0;
        for (int a = 1; a <= args.length; a++) {
            if (a == args.length || args[a].equals(THEN)) {
                CliRunner.Result r = CliRunner.run(command.toArray(String[]::new));
                Files.writeString(out.resolve(i + ".exit"), Integer.toString(r.exit()));
                Files.writeString(out.resolve(i + ".out"), r.out(), StandardCharsets.UTF_8);
                Files.writeString(out.resolve(i + ".err"), r.err(), StandardCharsets.UTF_8);
                command.clear();
                i++;
            } else {
                command.add(args[a]);
            }
        }
        System.exit(0);
    }

    /** The interfaces as sysfs (remounted for this namespace) and the kernel's own list both see them. */
    static List<String> interfaces() throws IOException {
        List<String> sysfs;
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            sysfs = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> kernel = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .map(NetworkInterface::getName).sorted().toList();
        return sysfs.equals(kernel) ? sysfs : Stream.concat(sysfs.stream().map(n -> "sysfs:" + n),
                kernel.stream().map(n -> "kernel:" + n)).toList();
    }
}
