#!/bin/bash
# Holds 169.254.169.254 on loopback (DESIGN.md, link network), applies the IMDS hop limit to
# token PUT answers only, then serves the mocks.
set -euo pipefail
ip addr add 169.254.169.254/32 dev lo
# HttpPutResponseHopLimit: the PUT answer leaves with IP TTL = hop limit, so a client behind one
# more hop than that never receives its token (ECS-FACTS.md, IMDS; DESIGN.md, Hop limit).
hop="${ECS_SIM_IMDS_HOP_LIMIT:-1}"
iptables -t mangle -A PREROUTING -p tcp --dport 80 -m string --algo bm --string "PUT /latest/api/token" -j CONNMARK --set-mark 1
iptables -t mangle -A OUTPUT -p tcp --sport 80 -m connmark --mark 1 -j TTL --ttl-set "$hop"
exec /usr/local/bin/node /opt/ecs-sim/mocks.mjs
