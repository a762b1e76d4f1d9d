package org.portaudit.scanner.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * ept_lookup (opnum 2 of the endpoint mapper, DCE 1.1 RPC appendix O / [MS-RPCE] 2.2.1.2):
 * the request stub and the NDR decoding of the response stub.
 *
 * <pre>
 * [in]  unsigned32 inquiry_type; uuid_p_t object; rpc_if_id_p_t interface_id; unsigned32 vers_option;
 * [in,out] ept_lookup_handle_t *entry_handle; [in] unsigned32 max_ents;
 * [out] unsigned32 *num_ents; [out, length_is(*num_ents), size_is(max_ents)] ept_entry_t entries[];
 * [out] error_status_t *status;
 * ept_entry_t = { uuid_t object; twr_p_t tower; [string] char annotation[64]; }
 * twr_t = { unsigned32 tower_length; [size_is(tower_length)] byte tower_octet_string[]; }
 * </pre>
 */
public final class EptLookup {
    public static final int OPNUM = 2;
    public static final int RPC_C_EP_ALL_ELTS = 0;
    public static final int RPC_C_VERS_ALL = 1;
    /** Status that ends the walk: no (more) entries. */
    public static final long EPT_S_NOT_REGISTERED = 0x16c9a0d6L;
    public static final int HANDLE_LENGTH = 20;
    public static final int MAX_ANNOTATION = 64;
    /** Largest tower accepted; real towers are under 100 bytes, a pipe or LRPC name makes them a little longer. */
    public static final int MAX_TOWER = 1024;

    private EptLookup() {
    }

    /** One ept_entry_t as read off the wire; {@code tower} is null for a null tower pointer. */
    public record Entry(UUID object, byte[] tower, String annotation) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && object.equals(e.object) && Arrays.equals(tower, e.tower)
                    && annotation.equals(e.annotation);
        }

        @Override
        public int hashCode() {
            return (object.hashCode() * 31 + Arrays.hashCode(tower)) * 31 + annotation.hashCode();
        }

        @Override
        public String toString() {
            return "Entry[" + object + ", tower " + (tower == null ? "null" : tower.length + " bytes") + ", "
                    + annotation + "]";
        }
    }

    /** The decoded [out] parameters. */
    public record Result(byte[] entryHandle, List<Entry> entries, long status) {
        public Result {
            entries = List.copyOf(entries);
        }

        /** True when the context handle is all zero: the mapper closed the enumeration. */
        public boolean handleClosed() {
            for (byte b : entryHandle) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Request stub: all elements, no object, no interface, all versions, the given handle and max_ents. */
    public static byte[] requestStub(byte[] entryHandle, int maxEnts) {
        if (entryHandle.length != HANDLE_LENGTH) {
            throw new IllegalArgumentException("entry_handle must be 20 bytes");
        }
        ByteBuf b = Unpooled.buffer(40);
        try {
            b.writeIntLE(RPC_C_EP_ALL_ELTS); // inquiry_type
            b.writeIntLE(0); // object: null [ptr] pointer
            b.writeIntLE(0); // interface_id: null [ptr] pointer
            b.writeIntLE(RPC_C_VERS_ALL); // vers_option
            b.writeBytes(entryHandle); // context handle: attributes u32 + uuid
            b.writeIntLE(maxEnts);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    /**
     * Decodes a response stub. {@code maxEnts} is what the request asked for: a mapper that returns more
     * entries, or an array that does not fit the stub, is malformed.
     */
    public static Result decodeResponse(byte[] stub, int maxEnts) throws RpcException {
        NdrReader r = new NdrReader(stub);
        byte[] handle = r.bytes(HANDLE_LENGTH, "entry_handle");
        int numEnts = r.count("num_ents", maxEnts);
        int maxCount = r.count("entries max_count", Integer.MAX_VALUE);
        int offset = r.count("entries offset", 0);
        int actual = r.count("entries actual_count", maxEnts);
        if (actual != numEnts || actual > maxCount || offset != 0) {
            throw RpcException.malformed("entries array count " + actual + " (offset " + offset + ", max " + maxCount
                    + ") does not match num_ents " + numEnts);
        }
        // Each entry takes at least 28 bytes inline; refuse counts the stub cannot hold before allocating.
        if ((long) actual * 28 > r.remaining()) {
            throw RpcException.malformed("num_ents " + actual + " does not fit in " + stub.length + " bytes");
        }
        UUID[] objects = new UUID[actual];
        long[] referents = new long[actual];
        String[] annotations = new String[actual];
        for (int i = 0; i < actual; i++) {
            r.align(4);
            objects[i] = r.uuid("entry object");
            referents[i] = r.u32("tower pointer");
            annotations[i] = annotation(r);
        }
        // Deferred pointees, in order of first appearance; a repeated referent id (full pointer) is not resent.
        Map<Long, byte[]> towers = new HashMap<>();
        for (int i = 0; i < actual; i++) {
            long ref = referents[i];
            if (ref != 0 && !towers.containsKey(ref)) {
                r.align(4);
                int conformance = r.count("tower max_count", MAX_TOWER);
                int length = r.count("tower_length", MAX_TOWER);
                if (length != conformance) {
                    throw RpcException.malformed("tower_length " + length + " differs from its max_count " + conformance);
                }
                towers.put(ref, r.bytes(length, "tower_octet_string"));
            }
        }
        r.align(4);
        long status = r.u32("status");
        List<Entry> entries = new ArrayList<>(actual);
        for (int i = 0; i < actual; i++) {
            entries.add(new Entry(objects[i], referents[i] == 0 ? null : towers.get(referents[i]), annotations[i]));
        }
        return new Result(handle, entries, status);
    }

    private static String annotation(NdrReader r) throws RpcException {
        int offset = r.count("annotation offset", MAX_ANNOTATION);
        int length = r.count("annotation actual_count", MAX_ANNOTATION - offset);
        byte[] chars = r.bytes(length, "annotation");
        int end = 0;
        while (end < chars.length && chars[end] != 0) {
            end++;
        }
        return new String(chars, 0, end, StandardCharsets.ISO_8859_1);
    }
}
