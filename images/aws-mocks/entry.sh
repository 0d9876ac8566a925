#!/bin/bash
# Holds 169.254.169.254 and the STS address on loopback (DESIGN.md, link network), applies the IMDS hop limit to
# token PUT answers only, then serves the mocks.
set -euo pipefail
# ECS Anywhere has no IMDS: then nobody holds 169.254.169.254.
[ "${ECS_SIM_NO_IMDS:-0}" = 1 ] || ip addr add 169.254.169.254/32 dev lo
# STS is a routed address (harness/network/sts-address.ts), reached over the default route.
ip addr add "${ECS_SIM_STS_ADDRESS:?}/32" dev lo
# HttpPutResponseHopLimit: the PUT answer leaves with IP TTL = hop limit, so a client behind one
# more hop than that never receives its token (ECS-FACTS.md, IMDS; DESIGN.md, Hop limit).
hop="${ECS_SIM_IMDS_HOP_LIMIT:-1}"
iptables -t mangle -A PREROUTING -p tcp --dport 80 -m string --algo bm --string "PUT /latest/api/token" -j CONNMARK --set-mark 1
iptables -t mangle -A OUTPUT -p tcp --sport 80 -m connmark --mark 1 -j TTL --ttl-set "$hop"
exec /usr/local/bin/node /opt/ecs-sim/mocks.mjs
