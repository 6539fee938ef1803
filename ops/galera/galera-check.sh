#!/bin/sh
# HAProxy's health check of a Galera node (external-check): healthy only
# when the node says it is Synced (wsrep_local_state 4) and ready. A node
# that is joining, donating with a blocking method or cut off from the
# majority still accepts logins but would refuse or delay queries.
# HAProxy passes: <proxy_addr> <proxy_port> <server_addr> <server_port>.
# The `haproxy` database user needs no privileges (SHOW STATUS).
state=$(mariadb --connect-timeout=2 -h "$3" -P "$4" -u haproxy -N -B \
  -e "SHOW STATUS WHERE Variable_name IN ('wsrep_local_state', 'wsrep_ready')" 2>/dev/null |
  awk '{printf "%s=%s ", $1, $2}')
case "$state" in
  *wsrep_local_state=4*) case "$state" in *wsrep_ready=ON*) exit 0 ;; esac ;;
esac
exit 1
