// HarkEndpoint: the daemon's loopback HTTP endpoint (/metrics, /healthz, /readyz, /status).
