enum Usage {
    static let text = """
        clerk-mirror: a local, always-fresh copy of a Clerk instance's users and sessions.

        Usage: clerk-mirror [--config FILE] COMMAND

        Commands:
          serve        migrations, then the webhook receiver, the event worker, the read
                       API (/v1/users, /v1/sessions), health, readiness and metrics
                       (--no-webhooks: without the receiver and its signing secret)
          migrate      apply pending database migrations and exit
          resync [--full|--incremental|--user ID]
                       one reconcile pass now against the Backend API, with progress;
                       exit status 0 only when it completed
          status       users, sessions, tombstones, inbox by state, dead letters, the oldest
                       pending event and the last sync runs (--json: for scripts)
          dead-letters list [--json] [--limit N]
                       events that could not be applied, oldest first, with the reason
          dead-letters replay ID... | --all
                       put dead letters back in the queue with fresh attempts
          healthcheck  exit 0 if the service at MIRROR_LISTEN answers /healthz, else 1

        Options:
          --config FILE  read settings from FILE (KEY=VALUE lines); the environment wins
          --help         show this help
          --version      show the version

        Settings (environment or --config file):
          DATABASE_URL                  sqlite:PATH (default sqlite:clerk-mirror.sqlite3) or postgres://...
          CLERK_SECRET_KEY              sk_live_... / sk_test_...; without it there is no reconciler
          CLERK_API_URL                 Backend API base URL (default https://api.clerk.com)
          CLERK_WEBHOOK_SIGNING_SECRET  whsec_...; several, comma-separated, while rotating
          MIRROR_LISTEN                 HOST:PORT of the HTTP server (default 127.0.0.1:8080)
          MIRROR_API_KEYS               comma-separated bearer keys for /v1/*
          MIRROR_STRIP_PRIVATE_METADATA true: leave private_metadata out of /v1 answers (default false)
          MIRROR_ADMIN_KEY              bearer key for /admin/*
          RECONCILE_INTERVAL            time between full reconcile passes (default 1h; 0 turns them off)
          RECONCILE_INCREMENTAL_INTERVAL  time between incremental passes (default 5m; 0 turns them off)
          CLERK_API_RATE                Backend API requests per second, at most (default 20)
          CLERK_API_TIMEOUT             time one Backend API request may take before it is retried (default 30s)
          EVENT_MAX_ATTEMPTS            tries before an event becomes a dead letter (default 8)
          INBOX_RETENTION               age at which applied events are pruned (default 7d, at least 28h)
          SHUTDOWN_TIMEOUT              time serve may take to stop on SIGTERM/SIGINT (default 10s)

        Exit status: 0 success, 1 failure, 2 bad usage or settings.
        """
}
