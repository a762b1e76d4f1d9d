package org.portaudit.scanner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs CLI command lines in a child JVM under {@code unshare -n -m}: a network namespace that holds
 * only loopback (brought up, so loopback probes work) and a mount namespace in which /sys is mounted
 * again, so that /sys/class/net shows this namespace's interfaces and not the machine's. The child
 * ({@link IsolatedCli}) refuses to run anything unless loopback is all it sees.
 */
final class NetworkNamespace {
    private static final String ISOLATE = "mount -t sysfs sysfs /sys && { ip link set lo up 2>/dev/null || true; }";
    private static final String START = ISOLATE + " && exec \"$0\" \"$@\"";

    private NetworkNamespace() {
    }

    /** Skips the calling test, visibly, where a namespace cannot be made (not root, no unshare). */
    static void assumeAvailable() throws Exception {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Assumptions.assumeTrue(Integer.valueOf(0).equals(uid),
                "SKIPPED: not root (uid " + uid + "), so no network namespace: these CLI tests would probe");
        Process p;
        try {
            p = new ProcessBuilder("unshare", "-n", "-m", "--", "true").redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("SKIPPED: unshare (util-linux) is not available: " + e.getMessage());
            return;
        }
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Assumptions.assumeTrue(done && p.exitValue() == 0, "SKIPPED: unshare -n -m fails here: " + said);
    }

    /**
     * Runs each command line in one isolated child JVM, names resolving from {@code hostsFile} only;
     * the results in order. Fails the test when the child is not isolated or does not finish.
     */
    static List<CliRunner.Result> run(Path dir, Path hostsFile, List<List<String>> commands) throws Exception {
        return run(dir, hostsFile, START, commands);
    }

    /**
     * Like {@link #run(Path, Path, List)}, with a daemon in the namespace: {@code daemon} is a shell
     * command that stays in the foreground, {@code ready} a shell condition polled (10 s at most) until
     * it holds before the child JVM starts; the daemon is killed when the JVM has exited.
     */
    static List<CliRunner.Result> runWithDaemon(Path dir, Path hostsFile, String daemon, String ready,
                                                List<List<String>> commands) throws Exception {
        String script = ISOLATE + " && { " + daemon + " & d=$!; n=0; until " + ready + "; do n=$((n+1));"
                + " if [ $n -gt 200 ] || ! kill -0 $d 2>/dev/null; then kill $d 2>/dev/null;"
                + " echo 'the daemon did not get ready' >&2; exit 98; fi; sleep 0.05; done;"
                + " \"$0\" \"$@\"; rc=$?; kill $d; wait $d; exit $rc; }";
        return run(dir, hostsFile, script, commands);
    }

    private static List<CliRunner.Result> run(Path dir, Path hostsFile, String script, List<List<String>> commands)
            throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "-m", "--", "sh", "-c", script,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djdk.net.hosts.file=" + hostsFile,
                IsolatedCli.class.getName(), results.toString()));
        for (int i = 0; i < commands.size(); i++) {
            if (i > 0) {
                cmd.add(IsolatedCli.THEN);
            }
            cmd.addAll(commands.get(i));
        }
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the isolated CLI did not finish in 300 s: " + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), "isolated CLI: " + Files.readString(log));
        List<CliRunner.Result> out = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Path exit = results.resolve(i + ".exit");
            assertTrue(Files.isRegularFile(exit), "no result for " + commands.get(i) + ": " + Files.readString(log));
            out.add(new CliRunner.Result(Integer.parseInt(Files.readString(exit).trim()),
                    Files.readString(results.resolve(i + ".out")), Files.readString(results.resolve(i + ".err"))));
        }
        return out;
    }
}
