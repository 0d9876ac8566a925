#!/bin/bash
# The outer engine's embedded-DNS rules (DOCKER_OUTPUT, DOCKER_POSTROUTING: 127.0.0.11 with random
# ports in the nat table) live in the instance's namespace, which a real instance would not have.
# A firewall service that flushes tables would take them too; the simulation keeps them across,
# its one departure (DESIGN.md, Reboot):
#   ecs-sim-outer-dns save [iptables-cmd]     prints the live rules (default front end: iptables)
#   ecs-sim-outer-dns restore [iptables-cmd]  adds back, from stdin, those that are missing
# iptables-cmd is iptables-nft where only nf_tables is flushed (`nft flush ruleset`).
set -uo pipefail
dns='DOCKER_OUTPUT|DOCKER_POSTROUTING'
ipt=${2:-iptables}
case "${1:-}" in
  save) "$ipt-save" -t nat 2>/dev/null | grep -E "^(:($dns) |-A .*($dns))" || true ;;
  restore)
    while read -r line; do
      case "$line" in
        :*) "$ipt" -t nat -N "$(echo "${line#:}" | cut -d' ' -f1)" 2>/dev/null || true ;;
        -A*) eval "$ipt -t nat -C ${line#-A }" 2>/dev/null || eval "$ipt -t nat $line" ;;
      esac
    done ;;
  *) echo "usage: $0 save|restore [iptables-cmd]" >&2; exit 2 ;;
esac
