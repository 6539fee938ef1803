#!/bin/sh
# HAProxy's health check of a PostgreSQL node (external-check): healthy
# only when the node is the primary (not in recovery), so every connection
# goes to the one server that takes writes, and follows it after a
# switchover. HAProxy passes: <proxy_addr> <proxy_port> <server_addr> <server_port>.
# The `haproxy` role needs LOGIN only.
in_recovery=$(psql "host=$3 port=$4 user=haproxy dbname=postgres connect_timeout=2" \
  -tAqc "SELECT pg_is_in_recovery()" 2>/dev/null)
[ "$in_recovery" = f ]
