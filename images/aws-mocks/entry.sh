#!/bin/bash
# Holds 169.254.169.254 and the STS address on loopback (DESIGN.md, link network), applies the IMDS hop limit to
# token PUT answers only, then serves the mocks.
set -euo pipefail
# ECS Anywhere has no IMDS: then nobody holds 169.254.169.254.
[ "${ECS_SIM_NO_IMDS:-0}" = 1 ] || ip addr add 169.254.169.254/32 dev lo
# STS is a routed address (harness/network/sts-address.ts), reached over the default route.
ip addr add "${ECS_SIM_STS_ADDRESS:?}/32" dev lo
# A dual-stack instance: the mocks' link ULA, the IPv6 IMDS endpoint when HttpProtocolIpv6 is
# enabled, STS over IPv6 (harness/network/link-ipv6.ts).
# Where the kernel or the engine keeps IPv6 off, say so in the words the harness looks for
# (harness/network/ipv6-unavailable.ts) rather than dying on the first `ip -6`.
ipv6_unavailable() { echo "ecs-sim-mocks: IPv6 unavailable: $*" >&2; exit 3; }
if [ -n "${ECS_SIM_IPV6_ADDRESS:-}" ]; then
  [ -d /proc/sys/net/ipv6 ] || ipv6_unavailable "this kernel has IPv6 off (no /proc/sys/net/ipv6)"
  sysctl -q -w net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0 net.ipv6.conf.lo.disable_ipv6=0 2>/dev/null || true
  ip -6 addr add "$ECS_SIM_IPV6_ADDRESS/64" dev eth0 nodad 2>/tmp/ipv6.err ||
    ipv6_unavailable "an IPv6 address on eth0 is refused ($(cat /tmp/ipv6.err)); net.ipv6.conf.eth0.disable_ipv6=$(cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6 2>/dev/null)"
  ip -6 addr add "${ECS_SIM_STS_IPV6_ADDRESS:?}/128" dev lo
  [ "${ECS_SIM_IMDS_IPV6:-0}" = 1 ] && ip -6 addr add fd00:ec2::254/128 dev lo
fi
# HttpPutResponseHopLimit: the PUT answer leaves with IP TTL = hop limit, so a client behind one
# more hop than that never receives its token (ECS-FACTS.md, IMDS; DESIGN.md, Hop limit).
hop="${ECS_SIM_IMDS_HOP_LIMIT:-1}"
iptables -t mangle -A PREROUTING -p tcp --dport 80 -m string --algo bm --string "PUT /latest/api/token" -j CONNMARK --set-mark 1
iptables -t mangle -A OUTPUT -p tcp --sport 80 -m connmark --mark 1 -j TTL --ttl-set "$hop"
if [ -n "${ECS_SIM_IPV6_ADDRESS:-}" ]; then
  # The same over IPv6: the hop limit field is HL (EC2 applies HttpPutResponseHopLimit to both).
  ip6tables -t mangle -A PREROUTING -p tcp --dport 80 -m string --algo bm --string "PUT /latest/api/token" -j CONNMARK --set-mark 1
  ip6tables -t mangle -A OUTPUT -p tcp --sport 80 -m connmark --mark 1 -j HL --hl-set "$hop"
fi
exec /usr/local/bin/node /opt/ecs-sim/mocks.mjs
