package org.portaudit.scanner.rpc;

import java.util.List;
import java.util.UUID;

/**
 * Connection-oriented DCE/RPC PDUs (DCE 1.1 RPC chapter 12, [MS-RPCE] 2.2.2) that the endpoint-mapper
 * client sends ({@link Bind}, {@link Request}) or receives ({@link BindAck}, {@link BindNak},
 * {@link Response}, {@link Fault}, {@link Other}). Inbound PDUs carry copies of their bytes, so nothing
 * here holds a Netty buffer.
 */
public sealed interface RpcPdu {
    int VERSION = 5;
    int VERSION_MINOR = 0;
    int HEADER_LENGTH = 16;

    int PTYPE_REQUEST = 0;
    int PTYPE_RESPONSE = 2;
    int PTYPE_FAULT = 3;
    int PTYPE_BIND = 11;
    int PTYPE_BIND_ACK = 12;
    int PTYPE_BIND_NAK = 13;

    int PFC_FIRST_FRAG = 0x01;
    int PFC_LAST_FRAG = 0x02;
    int PFC_OBJECT_UUID = 0x80;

    /** Little-endian integers, ASCII characters, IEEE floats. */
    byte[] DREP_LE = {0x10, 0, 0, 0};

    /** NDR 2.0 transfer syntax. */
    SyntaxId NDR = new SyntaxId(UUID.fromString("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2, 0);
    /** The endpoint mapper interface (ept), version 3.0. */
    SyntaxId EPM = new SyntaxId(UUID.fromString("e1af8308-5d1f-11c9-91a4-08002b14a0fa"), 3, 0);

    int callId();

    /** Interface or transfer syntax identifier: UUID plus version, on the wire as uuid, u16 major, u16 minor. */
    record SyntaxId(UUID uuid, int major, int minor) {
    }

    /** Outbound PDUs. */
    sealed interface Outbound extends RpcPdu permits Bind, Request {
    }

    /** Inbound PDUs. */
    sealed interface Inbound extends RpcPdu permits BindAck, BindNak, Response, Fault, Other {
        /** The PFC flags of the header. */
        int flags();
    }

    /** bind with one presentation context (context id 0). */
    record Bind(int callId, int maxXmitFrag, int maxRecvFrag, SyntaxId abstractSyntax, SyntaxId transferSyntax)
            implements Outbound {
    }

    /** request with stub data; no object UUID. */
    record Request(int callId, int contextId, int opnum, byte[] stub) implements Outbound {
    }

    /** One p_result_t of a bind_ack: result 0 acceptance, 1 user rejection, 2 provider rejection. */
    record ContextResult(int result, int reason, SyntaxId transferSyntax) {
        public boolean accepted() {
            return result == 0;
        }
    }

    record BindAck(int callId, int flags, int maxXmitFrag, int maxRecvFrag, long assocGroupId,
                   String secondaryAddress, List<ContextResult> results) implements Inbound {
        public BindAck {
            results = List.copyOf(results);
        }
    }

    record BindNak(int callId, int flags, int rejectReason) implements Inbound {
        /** provider_reject_reason names from [MS-RPCE] 2.2.2.5 / C706 12.6.3.1. */
        public String reasonName() {
            return switch (rejectReason) {
                case 0 -> "reason not specified";
                case 1 -> "temporary congestion";
                case 2 -> "local limit exceeded";
                case 3 -> "called paddr unknown";
                case 4 -> "protocol version not supported";
                case 5 -> "default context not supported";
                case 6 -> "user data not readable";
                case 7 -> "no PSAP available";
                case 8 -> "authentication type not recognized";
                case 9 -> "invalid checksum";
                default -> "reason " + rejectReason;
            };
        }
    }

    /** One response fragment; {@link ResponseAssembler} joins fragments into one stub. */
    record Response(int callId, int flags, long allocHint, int contextId, byte[] stub) implements Inbound {
    }

    record Fault(int callId, int flags, int contextId, long status) implements Inbound {
        /** Well-known status names from C706 appendix E and [MS-RPCE] 3.1.1.5.5. */
        public String statusName() {
            String name = switch ((int) status) {
                case 0x1c010002 -> "nca_s_op_rng_error";
                case 0x1c010003 -> "nca_s_unk_if";
                case 0x1c01000b -> "nca_s_proto_error";
                case 0x1c010013 -> "nca_out_args_too_big";
                case 0x1c000002 -> "nca_s_fault_addr_error";
                case 0x1c00001b -> "nca_s_fault_remote_no_memory";
                case 0x1c000003 -> "nca_s_fault_fp_div_zero";
                case 0x1c000006 -> "nca_s_fault_invalid_tag";
                case 0x1c00000c -> "nca_s_fault_cancel";
                case 0x1c00000d -> "nca_s_fault_ill_inst";
                case 0x1c000011 -> "nca_s_fault_int_overflow";
                case 0x1c000012 -> "nca_s_fault_unspec";
                case 0x00000005 -> "access denied";
                case 0x000006f7 -> "rpc_x_bad_stub_data";
                case 0x000006d8 -> "ept_s_cant_perform_op";
                case 0x000006c6 -> "rpc_s_invalid_bound";
                default -> null;
            };
            String hex = String.format("0x%08x", status);
            return name == null ? hex : hex + " (" + name + ")";
        }
    }

    /** Any other PDU type (alter_context_resp, shutdown, ...): never expected by this client. */
    record Other(int callId, int flags, int type) implements Inbound {
    }
}
