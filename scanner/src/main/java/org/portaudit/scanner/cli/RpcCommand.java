package org.portaudit.scanner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.portaudit.reports.json.Json;
import org.portaudit.reports.text.TextTable;
import org.portaudit.scanner.audit.Target;
import org.portaudit.scanner.audit.TargetResolver;
import org.portaudit.scanner.audit.TargetSpec;
import org.portaudit.scanner.engine.EngineConfig;
import org.portaudit.scanner.engine.ProbeEngine;
import org.portaudit.scanner.rpc.EndpointMapperClient;
import org.portaudit.scanner.rpc.RpcEndpoint;
import org.portaudit.scanner.rpc.RpcException;
import org.portaudit.scanner.rpc.RpcInterfaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rpc", mixinStandardHelpOptions = true,
        description = {"List the endpoints a host's RPC endpoint mapper (135/tcp) advertises, like rpcdump or "
                + "'portqry -e 135': interface, its name and specification, protocol sequence and port or pipe."},
        footer = ExitCodes.HELP)
public final class RpcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", required = true, description = "Host name or address.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "135",
            description = "Endpoint mapper port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "5000",
            description = "Milliseconds for the whole lookup (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Mixin
    OutputFormatOption format;


    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw new UsageError("bad --port " + port + ": out of range 1-65535");
        }
        if (timeoutMillis < 1) {
            throw new UsageError("--timeout must be at least 1 ms");
        }
        InetAddress address = resolve();
        List<RpcEndpoint> endpoints;
        try (ProbeEngine engine = new ProbeEngine(EngineConfig.defaults())) {
            endpoints = new EndpointMapperClient(engine.group())
                    .lookup(address, port, Duration.ofMillis(timeoutMillis)).join();
        } catch (CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            String kind = c instanceof RpcException r ? " (" + r.kind().name().toLowerCase(java.util.Locale.ROOT) + ")" : "";
            throw new UsageError("endpoint mapper " + address.getHostAddress() + ":" + port + ": " + c.getMessage() + kind,
                    ExitCodes.RUN_FAILED);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            ObjectNode root = Json.object();
            root.put("schema", "portaudit.rpc/1");
            root.put("host", host);
            root.put("address", address.getHostAddress());
            root.put("port", port);
            ArrayNode arr = root.putArray("endpoints");
            for (RpcEndpoint e : endpoints) {
                ObjectNode n = arr.addObject();
                n.put("interface", e.interfaceId().toString());
                n.put("version", e.versionMajor() + "." + e.versionMinor());
                Json.putIf(n, "name", e.interfaceName());
                RpcInterfaces.lookup(e.interfaceId()).ifPresent(i -> {
                    Json.putIf(n, "spec", i.spec());
                    Json.putIf(n, "description", i.description());
                });
                n.put("annotation", e.annotation() == null ? "" : e.annotation());
                n.put("protocolSequence", e.protocolSequence());
                Json.putIf(n, "endpoint", e.endpoint());
                if (e.port().isPresent()) {
                    n.put("portNumber", e.port().getAsInt());
                }
                n.put("binding", binding(e, address));
            }
            Json.write(root, out);
        } else {
            out.println("Endpoint mapper " + address.getHostAddress() + ":" + port + " (" + host + "): "
                    + endpoints.size() + " endpoint(s)");
            TextTable t = new TextTable("BINDING", "INTERFACE", "NAME", "SPEC", "ANNOTATION");
            for (RpcEndpoint e : endpoints) {
                String spec = RpcInterfaces.lookup(e.interfaceId()).map(RpcInterfaces.Info::spec).orElse("");
                t.row(binding(e, address), e.interfaceVersion(), e.interfaceName() == null ? "" : e.interfaceName(),
                        spec, e.annotation() == null ? "" : e.annotation());
            }
            t.print(out, "  ");
        }
        out.flush();
        return ExitCodes.COMPLIANT;
    }

    /** The string binding with a 0.0.0.0 (meaning "the host you asked") replaced by the address used. */
    private static String binding(RpcEndpoint e, InetAddress asked) {
        String b = e.stringBinding();
        return b.replace(":0.0.0.0[", ":" + asked.getHostAddress() + "[");
    }

    private InetAddress resolve() {
        TargetSpec spec;
        try {
            spec = TargetSpec.parse(host);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        if (!(spec instanceof TargetSpec.Name)) {
            throw new UsageError("--host takes one host, not a block: '" + host + "'");
        }
        try (TargetResolver r = new TargetResolver(1)) {
            Target t = r.resolve(host).join();
            if (t.error() != null) {
                throw new UsageError(t.error(), ExitCodes.RUN_FAILED);
            }
            return t.address();
        }
    }
}
