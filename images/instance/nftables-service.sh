#!/bin/bash
# Debian's nftables.service (/lib/systemd/system/nftables.service of the nftables package):
#   start, reload  ExecStart= / ExecReload=/usr/sbin/nft -f /etc/nftables.conf
#   stop           ExecStop=/usr/sbin/nft flush ruleset
#   restart        stop, then start
# Debian's default /etc/nftables.conf begins with `flush ruleset`, so start and reload, not only
# stop, remove every nf_tables table: with the iptables-nft front end those are Docker's (ip
# filter, ip nat) and ecs-init's, with the legacy one they are untouched (docker/for-linux#1472).
#   config flush-ruleset|own-table  writes /etc/nftables.conf (boot.sh, instance.nftablesService)
# The outer engine's DNS rules, in nf_tables, are kept (ecs-sim-outer-dns).
set -uo pipefail
conf=/etc/nftables.conf
chains='	chain input {
		type filter hook input priority filter;
	}
	chain forward {
		type filter hook forward priority filter;
	}
	chain output {
		type filter hook output priority filter;
	}'

config() {
  case "$1" in
    # Debian's default file, as the nftables package ships it.
    flush-ruleset) printf '#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n%s\n}\n' "$chains" >"$conf" ;;
    # The fix from docker/for-linux#1472's thread (and moby#26824's): replace only this file's
    # own table; declaring it first makes the delete valid when it does not exist yet.
    own-table) printf '#!/usr/sbin/nft -f\n\ntable inet filter\ndelete table inet filter\n\ntable inet filter {\n%s\n}\n' "$chains" >"$conf" ;;
    *) echo "usage: $0 config flush-ruleset|own-table" >&2; return 2 ;;
  esac
}

dns=$(ecs-sim-outer-dns save iptables-nft)
case "${1:-}" in
  start | reload) nft -f "$conf" ;;
  stop) nft flush ruleset ;;
  restart) nft flush ruleset && nft -f "$conf" ;;
  config) config "${2:-}"; exit $? ;;
  *) echo "usage: $0 start|stop|restart|reload | config flush-ruleset|own-table" >&2; exit 2 ;;
esac
rc=$?
ecs-sim-outer-dns restore iptables-nft <<<"$dns"
exit $rc
