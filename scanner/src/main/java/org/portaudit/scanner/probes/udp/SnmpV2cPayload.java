package org.portaudit.scanner.probes.udp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.portaudit.reports.model.Evidence;
import org.portaudit.scanner.probes.proto.Ber;
import org.portaudit.scanner.probes.proto.Wire;

/**
 * SNMP v2c (RFC 1901, RFC 3416) on 161/udp: a GetRequest for sysDescr.0 and sysName.0 with a
 * configurable community ("public" by default). An agent answers only when the community is one it
 * knows: a wrong community draws silence (or an authenticationFailure trap to its manager), so no
 * reply does not mean no agent; the v3 discovery payload needs no community.
 */
public final class SnmpV2cPayload extends DecodingPayload {
    public static final String DEFAULT_COMMUNITY = "public";
    static final int VERSION_2C = 1;

    private final long requestId;
    private final byte[] community;

    public SnmpV2cPayload(String community, RandomGenerator random) {
        this(community, random.nextInt(0x7fffffff));
    }

    SnmpV2cPayload(String community, long requestId) {
        super("snmp-v2c-get", message(communityOf(community), requestId));
        this.requestId = requestId;
        this.community = communityOf(community).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String communityOf(String c) {
        return c == null ? DEFAULT_COMMUNITY : c;
    }

    static byte[] message(String community, long requestId) {
        return Ber.seq(Ber.integer(VERSION_2C), Ber.octets(community),
                Snmp.getRequest(requestId, Snmp.SYS_DESCR, Snmp.SYS_NAME));
    }

    @Override
    Optional<Evidence> decode(Wire w) {
        Wire msg = Ber.expect(w, Ber.SEQUENCE).content();
        long version = Ber.readInteger(msg);
        byte[] comm = Ber.bytesOf(Ber.expect(msg, Ber.OCTET_STRING).content());
        Snmp.Pdu pdu = Snmp.readPdu(msg);
        if (version != VERSION_2C || pdu.type() != Snmp.RESPONSE || pdu.requestId() != requestId
                || !Arrays.equals(comm, community)) {
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        // Which community was answered: the policy forbids an agent answering 'public'. Any other
        // community came from --snmp-community and may be a secret, so it is not written down.
        d.put("community", Arrays.equals(community, DEFAULT_COMMUNITY.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                ? DEFAULT_COMMUNITY : "(the --snmp-community given)");
        d.put("errorStatus", pdu.errorName());
        String descr = null;
        for (Snmp.VarBind vb : pdu.varBinds()) {
            if (vb.oid().equals(Snmp.SYS_DESCR)) {
                descr = vb.value();
            }
        }
        Snmp.putVarBinds(pdu.varBinds(), d);
        String summary = descr != null && pdu.errorStatus() == 0
                ? "SNMPv2c sysDescr: " + Text.clean(descr)
                : "SNMPv2c response, " + pdu.errorName();
        return matched(summary, d);
    }
}
