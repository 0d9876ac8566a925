#!/bin/bash
# The iptables-services package's service (`systemctl restart|stop|start iptables`, `service
# iptables save`), as its iptables.init does it (RHEL/Fedora/Amazon Linux; read in
# eurolinux-enterprise-linux-sources/iptables, iptables.init):
#   restart = save first if IPTABLES_SAVE_ON_RESTART=yes, then stop, then start;
#   stop    = save first if IPTABLES_SAVE_ON_STOP=yes; every chain's policy ACCEPT, then every
#             table flushed (-F), its chains deleted (-X) and counters zeroed (-Z), for the tables
#             listed in /proc/net/ip_tables_names (x_tables: the legacy front end's tables, so
#             under iptables-nft none);
#   start   = `iptables-restore /etc/sysconfig/iptables` (no --noflush: each table in the file is
#             replaced, Docker's chains in it included); no file, exit 6.
# Settings come from /etc/sysconfig/iptables-config, as there (defaults: no saving).
# One departure, the simulation's own: the outer engine's embedded-DNS rules (DOCKER_OUTPUT,
# DOCKER_POSTROUTING) are kept across stop and start (ecs-sim-outer-dns).
set -uo pipefail
data=/etc/sysconfig/iptables
IPTABLES_SAVE_ON_STOP=no
IPTABLES_SAVE_ON_RESTART=no
# shellcheck disable=SC1091
[ -f /etc/sysconfig/iptables-config ] && . /etc/sysconfig/iptables-config
dns='DOCKER_OUTPUT|DOCKER_POSTROUTING'
live_dns=$(ecs-sim-outer-dns save)
readd_dns() { ecs-sim-outer-dns restore <<<"$live_dns"; }

save() { ecs-sim-iptables-persist save; }

stop() {
  [ -e /proc/net/ip_tables_names ] || return 0
  local tables
  tables=$(cat /proc/net/ip_tables_names 2>/dev/null)
  # /proc/net/ip_tables_names lists x_tables (legacy) tables only. On an AMI whose iptables is
  # the nft front end it is empty, so stop flushes nothing and only start's restore replaces the
  # tables the file names. Here the instance's namespace may hold legacy tables that are the
  # outer engine's (its embedded-DNS rules), which the real instance would not have: under nft
  # they are not the instance's, and are left alone as the real script would find none.
  if iptables -V 2>/dev/null | grep -q nf_tables; then tables=; fi
  for t in $tables; do
    case "$t" in
      raw) iptables -t raw -P PREROUTING ACCEPT; iptables -t raw -P OUTPUT ACCEPT ;;
      filter) for c in INPUT OUTPUT FORWARD; do iptables -t filter -P "$c" ACCEPT; done ;;
      nat) for c in PREROUTING POSTROUTING OUTPUT; do iptables -t nat -P "$c" ACCEPT; done ;;
      mangle) for c in PREROUTING POSTROUTING INPUT OUTPUT FORWARD; do iptables -t mangle -P "$c" ACCEPT; done ;;
    esac
  done
  for t in $tables; do iptables -t "$t" -F; iptables -t "$t" -X; iptables -t "$t" -Z; done
  readd_dns
}

start() {
  if [ ! -f "$data" ]; then echo "iptables: No config file." >&2; return 6; fi
  grep -Ev "$dns" "$data" | iptables-restore || return 1
  readd_dns
}

case "${1:-}" in
  start) start ;;
  stop) [ "$IPTABLES_SAVE_ON_STOP" = yes ] && save; stop ;;
  restart) [ "$IPTABLES_SAVE_ON_RESTART" = yes ] && save; stop; start ;;
  save) save ;;
  *) echo "usage: $0 start|stop|restart|save" >&2; exit 2 ;;
esac
