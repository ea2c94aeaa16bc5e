#!/bin/sh
# Reports the variable it was given and the directory it runs in, as one mention.
printf '{"id": "env-1", "text": "token=%s dir=%s"}\n' "$FETCH_TOKEN" "$(pwd)"
