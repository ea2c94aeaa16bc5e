#!/bin/sh
# Prints one mention, then hangs: the connector must stop it at the timeout.
echo '{"id": "s-1", "text": "early"}'
sleep 120
