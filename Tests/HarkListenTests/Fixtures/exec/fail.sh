#!/bin/sh
# Fails the way a real fetcher does: some progress, then an error on stderr and status 3.
echo '{"id": "f-1", "text": "partial"}'
echo "connecting to api.example.com" >&2
echo "error: 401 Unauthorized (token expired)" >&2
exit 3
