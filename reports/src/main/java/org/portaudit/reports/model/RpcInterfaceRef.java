package org.portaudit.reports.model;

/**
 * An RPC interface registered with the endpoint mapper.
 *
 * @param uuid          the interface UUID
 * @param version       "major.minor"
 * @param name          its usual name (lsarpc, drsuapi, netlogon ...), or null when not known
 * @param specification the Microsoft open specification that defines it (MS-LSAD, MS-DRSR ...), or null
 * @param breaks        what stops working when clients cannot reach it, or null when not known
 * @param annotation    the mapper's annotation text, or null
 */
public record RpcInterfaceRef(String uuid, String version, String name, String specification, String breaks,
                              String annotation) {
    public RpcInterfaceRef {
        uuid = Sanitize.text(uuid, 64);
        version = Sanitize.text(version, 16);
        name = Sanitize.text(name, 128);
        specification = Sanitize.text(specification, 64);
        breaks = Sanitize.text(breaks, 512);
        annotation = Sanitize.text(annotation, 128);
    }
}
