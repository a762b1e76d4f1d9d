# shellcheck shell=bash
# Shared definitions for lab/up, lab/down, lab/fw. Sourced, not executed.
# The addresses here are a contract with the other modules (see lab/README.md); do not renumber.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN=$LAB_DIR/run
PY=/usr/bin/python3          # Debian's python3 (samba depends on it), not a pyenv shim

LAB_V4_RANGE=198.18.0.0/15   # RFC 2544 benchmarking range: blackholed as a whole in the root namespace
LAB_V6_RANGE=2001:2::/48     # RFC 5180
BR=pa-lab0                   # root-namespace bridge, every namespace hangs off it with one veth pair
BR_V4=198.18.0.1             # the prober's source address (root namespace)
BR_V6=2001:2:0:1::1

REALM=LAB.PORTAUDIT.TEST
DNSDOMAIN=lab.portaudit.test
NBDOMAIN=LAB
DC_HOST=DC01
ADMIN_PASS='Portaudit-Lab-1'  # a throwaway lab secret; the DC is only reachable from this machine

DC_V4=198.18.0.10;   DC_V6=2001:2:0:1::10
WEB_V4=198.18.0.20;  WEB_V6=2001:2:0:1::20
DROP_V4=198.18.0.30; DROP_V6=2001:2:0:1::30
BULKRST_LINK=198.18.0.41;  BULKRST_NET=198.18.1.0/24
BULKDROP_LINK=198.18.0.42; BULKDROP_NET=198.18.2.0/24
BULK_COUNT=125
# Address blocks: one namespace answers for a whole block through a local route (ip route add
# local BLOCK dev lo), so thousands of "hosts" cost one namespace, one veth and one route each.
BLOCKRST_LINK=198.18.0.43;  BLOCKRST_NET=198.18.16.0/20    # 4096 addresses, every TCP port RST
BLOCKDROP_LINK=198.18.0.44; BLOCKDROP_NET=198.18.32.0/20   # 4096 addresses, drop everything

NAMESPACES=(pa-dc pa-web pa-drop pa-bulk-rst pa-bulk-drop)
BLOCK_NAMESPACES=(pa-block-rst pa-block-drop)   # built and checked apart: added to a running lab

HOSTS_BEGIN='# BEGIN portaudit-lab (managed by lab/up, removed by lab/down)'
HOSTS_END='# END portaudit-lab'

# Machine-wide facts: the lab is one per machine, whichever worktree's lab/up built it.
LOCK_FILE=/run/lock/portaudit-lab.lock
OWNER_FILE=/run/portaudit-lab.run   # the lab/run directory of the lab/up that built the running lab

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }

# veth name on the root side (max 15 chars)
host_if() { printf '%s-h' "$1"; }

# Run python (a helper from lab/) detached inside a namespace; remember its pid.
start_in_ns() { # ns pidfile logfile cmd...
  local ns=$1 pidfile=$2 logfile=$3; shift 3
  ip netns exec "$ns" setsid "$@" </dev/null >"$logfile" 2>&1 9>&- &
  echo $! >"$pidfile"
}

# Remove our marked block from /etc/hosts. Written in place (no rename): /etc/hosts may be a bind mount.
hosts_remove() {
  [ -w /etc/hosts ] || return 0
  if grep -qF "$HOSTS_BEGIN" /etc/hosts; then
    local tmp; tmp=$(mktemp)
    awk -v b="$HOSTS_BEGIN" -v e="$HOSTS_END" '$0==b{skip=1;next} $0==e{skip=0;next} !skip' /etc/hosts >"$tmp"
    cat "$tmp" >/etc/hosts; rm -f "$tmp"
  fi
}

hosts_add() {
  hosts_remove
  {
    echo "$HOSTS_BEGIN"
    echo "$DC_V4 dc01.$DNSDOMAIN pa-dc01"
    echo "$DC_V6 dc01-v6.$DNSDOMAIN pa-dc01-v6"
    echo "$WEB_V4 web01.$DNSDOMAIN pa-web01"
    echo "$DROP_V4 drop01.$DNSDOMAIN pa-drop01"
    echo "$HOSTS_END"
  } >>/etc/hosts
}

# icmp_ratelimit NS default|off: Linux's ICMP error limits inside a namespace (see lab/README.md).
icmp_ratelimit() {
  local ns=$1 v4=1000 v6=100 pps=1000 burst=50
  [ "$2" = off ] && { v4=0; v6=0; pps=1000000; burst=100000; }
  ip netns exec "$ns" sysctl -q -w net.ipv4.icmp_ratelimit=$v4 net.ipv6.icmp.ratelimit=$v6 \
    net.ipv4.icmp_msgs_per_sec=$pps net.ipv4.icmp_msgs_burst=$burst
}

# Serialise lab/up, lab/down and lab/fw machine-wide (two Maven builds in two worktrees, say).
# lab/up calls lab/down while holding the lock: the environment variable says it is already held.
lab_lock() {
  [ -n "${PA_LAB_LOCKED:-}" ] && return 0
  mkdir -p "$(dirname "$LOCK_FILE")"
  exec 9>"$LOCK_FILE"
  flock -w 300 9 || die "another lab/up, lab/down or lab/fw has held $LOCK_FILE for 5 minutes"
  export PA_LAB_LOCKED=1
}
