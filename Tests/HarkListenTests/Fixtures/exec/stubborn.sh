#!/bin/sh
# Ignores SIGTERM (and so does its child): only SIGKILL after the grace period stops it.
trap '' TERM
echo "ignoring SIGTERM" >&2
sleep 120
