#!/bin/sh
# Never stops printing: the output cap must stop it.
while :; do echo '{"id": "x", "text": "again and again and again"}'; done
