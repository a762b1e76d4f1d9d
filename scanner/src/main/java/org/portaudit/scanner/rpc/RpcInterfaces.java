package org.portaudit.scanner.rpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Well-known RPC interfaces, from Microsoft's open specifications ([MS-xxxx] section 1.9 "Standards
 * Assignments") and DCE 1.1 RPC, with what breaks when their dynamic ports are filtered. The service
 * ids are those of the catalog (services.yaml); "domain-controller" is the catalog's role id.
 * UUID and specification pairs were checked against the specifications' standards-assignment tables
 * (and the Samba AD DC's own mapper for the ones Samba serves); ICertRequestD2, even6 and the DCOM
 * infrastructure UUIDs were taken from the specifications' IDL without a second source.
 */
public final class RpcInterfaces {
    /**
     * One interface.
     *
     * @param uuid        interface UUID
     * @param name        short name as tools print it ("drsuapi")
     * @param spec        the specification that defines it ("MS-DRSR")
     * @param description what it is for, in a few words
     * @param services    catalog service ids (and role ids) that depend on it
     * @param impact      what stops working when clients cannot reach it ("AD replication"); null for
     *                    infrastructure interfaces (epmapper, mgmt, DCOM) that every server registers
     */
    public record Info(UUID uuid, String name, String spec, String description, List<String> services, String impact) {
        public Info {
            services = List.copyOf(services);
        }
    }

    private static final String DC = "domain-controller";
    private static final Map<UUID, Info> BY_UUID = new LinkedHashMap<>();

    static {
        // Infrastructure: registered next to everything, so they name no impact of their own.
        add("e1af8308-5d1f-11c9-91a4-08002b14a0fa", "epmapper", "C706", "RPC endpoint mapper", null, "rpc");
        add("afa8bd80-7d8a-11c9-bef4-08002b102989", "mgmt", "C706", "RPC remote management interface", null, "rpc");
        add("000001a0-0000-0000-c000-000000000046", "IRemoteSCMActivator", "MS-DCOM", "DCOM remote activation",
                null, "rpc");
        add("99fcfec4-5260-101b-bbcb-00aa0021347a", "IObjectExporter", "MS-DCOM", "DCOM OXID resolver", null, "rpc");
        add("4d9f4ab8-7d1c-11cf-861e-0020af6e7c57", "IActivation", "MS-DCOM", "DCOM activation (legacy)", null, "rpc");

        add("12345778-1234-abcd-ef00-0123456789ab", "lsarpc", "MS-LSAD", "LSA policy and name lookups (also MS-LSAT)",
                "LSA policy and SID/name lookups", "lsass", DC);
        add("12345778-1234-abcd-ef00-0123456789ac", "samr", "MS-SAMR", "Security Account Manager",
                "account and password management", "lsass", DC);
        add("12345678-1234-abcd-ef00-01234567cffb", "netlogon", "MS-NRPC", "Netlogon secure channel",
                "logons and the computer secure channel", "netlogon", DC);
        add("e3514235-4b06-11d1-ab04-00c04fc2dcd2", "drsuapi", "MS-DRSR", "Directory Replication Service",
                "AD replication", DC);
        add("7c44d7d4-31d5-424c-bd5e-2b3e1f323d22", "dsaop", "MS-DRSR", "DSA operations (dsaop)",
                "DC promotion operations", DC);
        add("3919286a-b10c-11d0-9ba8-00c04fd92ef5", "dssetup", "MS-DSSP", "Directory Services Setup",
                "domain role queries", "lsass", DC);
        add("3dde7c30-165d-11d1-ab8f-00805f14db40", "backupkey", "MS-BKRP", "BackupKey (DPAPI domain backup key)",
                "DPAPI secret recovery", "lsass", DC);
        add("b9785960-524f-11df-8b6d-83dcded72085", "gkdi", "MS-GKDI", "Group Key Distribution",
                "group key distribution (gMSA, DPAPI-NG)", "kdc", DC);
        add("50abc2a4-574d-40b3-9d66-ee4fd5fba076", "dnsserver", "MS-DNSP", "DNS Server management",
                "DNS server management", "dns-server");
        add("f5cc59b4-4264-101a-8c59-08002b2f8426", "frsrpc", "MS-FRS1", "File Replication Service",
                "SYSVOL replication (FRS)", "file-replication", DC);
        add("d049b186-814f-11d1-9a3c-00c04fc9b232", "NtFrsApi", "MS-FRS1", "File Replication Service API",
                "FRS management", "file-replication", DC);
        add("897e2e5f-93f3-4376-9c9c-fd2277495c27", "frstrans", "MS-FRS2", "DFS Replication",
                "SYSVOL and DFS replication (DFSR)", "dfsr", DC);
        add("4fc742e0-4a10-11cf-8273-00aa004ae673", "netdfs", "MS-DFSNM", "DFS namespace management",
                "DFS namespace management", "dfs");
        add("82273fdc-e32a-18c3-3f78-827929dc23ea", "eventlog", "MS-EVEN", "EventLog remoting",
                "remote event log reading", "event-log");
        add("f6beaff7-1e19-4fbb-9f8f-b89e2018337c", "even6", "MS-EVEN6", "EventLog remoting version 6",
                "remote event log reading and forwarding", "event-log");
        add("12345678-1234-abcd-ef00-0123456789ab", "spoolss", "MS-RPRN", "Print spooler",
                "printing", "print-spooler");
        add("76f03f96-cdfd-44fc-a22c-64950a001209", "IRemoteWinspool", "MS-PAR", "Print spooler (asynchronous)",
                "printing", "print-spooler");
        add("fdb3a030-065f-11d1-bb9b-00a024ea5525", "qmcomm", "MS-MQMP", "MSMQ queue manager client",
                "Message Queuing clients", "message-queuing");
        add("76d12b80-3467-11d3-91ff-0090272f9ea3", "qmcomm2", "MS-MQMP", "MSMQ queue manager client (2)",
                "Message Queuing clients", "message-queuing");
        add("1088a980-eae5-11d0-8d9b-00a02453c337", "qm2qm", "MS-MQQP", "MSMQ queue manager to queue manager",
                "Message Queuing between servers", "message-queuing");
        add("41208ee0-e970-11d1-9b9e-00e02c064c39", "qmmgmt", "MS-MQMR", "MSMQ queue manager management",
                "Message Queuing management", "message-queuing");
        add("1a9134dd-7b39-45ba-ad88-44d01ca47f28", "RemoteRead", "MS-MQRR", "MSMQ remote read",
                "remote reads from queues", "message-queuing");
        add("77df7a80-f298-11d0-8358-00a024c480a8", "dscomm", "MS-MQDS", "MSMQ directory service",
                "Message Queuing directory lookups", "message-queuing");
        add("708cca10-9569-11d1-b2a5-0060977d8118", "dscomm2", "MS-MQDS", "MSMQ directory service (2)",
                "Message Queuing directory lookups", "message-queuing");
        add("91ae6020-9e3c-11cf-8d7c-00aa00c091be", "ICertPassage", "MS-ICPR", "Certificate request (ICertPassage)",
                "certificate enrollment", "certificate-services");
        add("d99e6e70-fc88-11d0-b498-00a0c90312f3", "ICertRequestD", "MS-WCCE", "Certificate request over DCOM",
                "certificate enrollment", "certificate-services");
        add("5422fd3a-d4b8-4cef-a12e-e87d4ca22e90", "ICertRequestD2", "MS-WCCE", "Certificate request over DCOM (2)",
                "certificate enrollment", "certificate-services");
        add("d99e6e71-fc88-11d0-b498-00a0c90312f3", "ICertAdminD", "MS-CSRA", "Certificate services administration",
                "CA administration", "certificate-services");
        add("7fe0d935-dda6-443f-85d0-1cfb58fe41dd", "ICertAdminD2", "MS-CSRA", "Certificate services administration (2)",
                "CA administration", "certificate-services");
        add("4b324fc8-1670-01d3-1278-5a47bf6ee188", "srvsvc", "MS-SRVS", "Server service",
                "share and session management", "server");
        add("6bffd098-a112-3610-9833-46c3f87e345a", "wkssvc", "MS-WKST", "Workstation service",
                "workstation queries and domain join", "server");
        add("338cd001-2244-31f1-aaaa-900038001003", "winreg", "MS-RRP", "Remote registry",
                "remote registry", "server");
        add("367abb81-9844-35f1-ad32-98f038001003", "svcctl", "MS-SCMR", "Service Control Manager",
                "remote service management", "server");
        add("1ff70682-0a51-30e8-076d-740be8cee98b", "atsvc", "MS-TSCH", "Task scheduler (AT)",
                "remote scheduled tasks", "server");
        add("378e52b0-c0a9-11cf-822d-00aa0051e40f", "sasec", "MS-TSCH", "Task scheduler (SASec)",
                "remote scheduled tasks", "server");
        add("86d35949-83c9-4044-b424-db363231fd0c", "ITaskSchedulerService", "MS-TSCH", "Task scheduler 2.0",
                "remote scheduled tasks", "server");
        add("6bffd098-a112-3610-9833-012892020162", "browser", "MS-BRWSA", "CIFS browser auxiliary",
                "network browsing", "computer-browser");
        add("9c54e310-a955-4885-bd31-78787147dfa6", "unixinfo", "Samba", "Samba Unix id mapping (no MS spec)",
                "Samba id mapping queries", DC);
        add("8fb6d884-2388-11d0-8c35-00c04fda2795", "w32time", "MS-W32T", "Windows Time",
                "time service management", "w32time");
        add("c681d488-d850-11d0-8c52-00c04fd90f7e", "efsrpc", "MS-EFSR", "Encrypting File System (lsarpc pipe)",
                "remote EFS operations", "lsass");
        add("df1941c5-fe89-4e79-bf10-463657acf44d", "efsrpc", "MS-EFSR", "Encrypting File System",
                "remote EFS operations", "server");
        add("6b5bdd1e-528c-422c-af8c-a4079be4fe48", "RemoteFW", "MS-FASP", "Firewall and Advanced Security",
                "remote firewall management", "server");
        add("a8e0653c-2744-4389-a61d-7373df8b2292", "FileServerVssAgent", "MS-FSRVP", "File Server Remote VSS",
                "shadow copies of remote shares", "server");
    }

    private RpcInterfaces() {
    }

    private static void add(String uuid, String name, String spec, String description, String impact,
                            String... services) {
        UUID u = UUID.fromString(uuid);
        if (BY_UUID.put(u, new Info(u, name, spec, description, List.of(services), impact)) != null) {
            throw new IllegalStateException("duplicate interface " + uuid);
        }
    }

    public static Optional<Info> lookup(UUID uuid) {
        return Optional.ofNullable(BY_UUID.get(uuid));
    }

    /** The interface tools call {@code name} ("drsuapi"). */
    public static Optional<Info> byName(String name) {
        return BY_UUID.values().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public static Optional<String> name(UUID uuid) {
        return lookup(uuid).map(Info::name);
    }

    public static Collection<Info> all() {
        return BY_UUID.values();
    }

    /** Known interfaces that matter to a catalog service or role id ("dns-server", "domain-controller"). */
    public static List<Info> forService(String id) {
        List<Info> out = new ArrayList<>();
        for (Info i : BY_UUID.values()) {
            if (i.services().contains(id)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * One line naming what breaks when these endpoints cannot be reached, e.g.
     * "AD replication (DRSUAPI), logons and the computer secure channel (NETLOGON)". Unknown
     * interfaces are left out; each impact is named once. Empty when none is known.
     */
    public static String impactOf(Collection<RpcEndpoint> endpoints) {
        Map<String, Set<String>> byImpact = new LinkedHashMap<>();
        for (RpcEndpoint e : endpoints) {
            lookup(e.interfaceId()).filter(i -> i.impact() != null).ifPresent(i ->
                    byImpact.computeIfAbsent(i.impact(), k -> new LinkedHashSet<>()).add(i.name().toUpperCase(Locale.ROOT)));
        }
        List<String> parts = new ArrayList<>();
        byImpact.forEach((impact, names) -> parts.add(impact + " (" + String.join(", ", names) + ")"));
        return String.join(", ", parts);
    }
}
