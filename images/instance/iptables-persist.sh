#!/bin/bash
# What `service iptables save` / the iptables service's start do on Amazon Linux, minus one
# artefact of the simulation: the outer engine's embedded-DNS rules (DOCKER_OUTPUT and
# DOCKER_POSTROUTING, 127.0.0.11 with random ports) live in the instance's namespace; a saved copy
# holds stale ports, so they are left out of the file and the live ones are kept (DESIGN.md, Reboot).
set -euo pipefail
file=/etc/sysconfig/iptables
dns='DOCKER_OUTPUT|DOCKER_POSTROUTING'
case "${1:-}" in
  save)
    iptables-save | grep -Ev "$dns" >"$file.tmp"
    mv "$file.tmp" "$file" ;;
  restore)
    live=$(ecs-sim-outer-dns save)
    grep -Ev "$dns" "$file" | iptables-restore
    ecs-sim-outer-dns restore <<<"$live" ;;
  *) echo "usage: $0 save|restore" >&2; exit 2 ;;
esac
