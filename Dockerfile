# clerk-mirror: build a release binary with the Swift runtime linked in, then run it on a slim
# Debian with only the shared libraries it needs. `scripts/check-docker-libs` (run by .ci/run)
# checks that every library the binary loads comes from a package installed here.
#
#   docker build -t clerk-mirror .
#   docker run -p 8080:8080 -v clerk-mirror-data:/data \
#       -e CLERK_WEBHOOK_SIGNING_SECRET=whsec_... -e CLERK_SECRET_KEY=sk_live_... clerk-mirror

FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-dev libpq-dev libcurl4-openssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Benchmarks ./Benchmarks
COPY Tests ./Tests
COPY migrations ./migrations
RUN swift build -c release --product clerk-mirror --static-swift-stdlib \
 && install -D "$(swift build -c release --show-bin-path)/clerk-mirror" /out/clerk-mirror

FROM debian:bookworm-slim
# libpq5 and libsqlite3-0 for the two stores, libcurl4 for FoundationNetworking (the Backend
# API client and the health check), ca-certificates for TLS to api.clerk.com.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 libsqlite3-0 libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --create-home mirror
COPY --from=build /out/clerk-mirror /usr/local/bin/clerk-mirror
# The binary carries its migrations; these copies are for operators to read.
COPY migrations /usr/share/clerk-mirror/migrations
USER mirror
WORKDIR /data
# The SQLite file lives here; with DATABASE_URL=postgres://... the volume stays empty.
VOLUME /data
# Docker stops a container with SIGTERM and kills it 10 s later: the shutdown deadline is
# shorter, so an in-flight batch is finished, not cut.
ENV DATABASE_URL=sqlite:/data/clerk-mirror.sqlite3 \
    MIRROR_LISTEN=0.0.0.0:8080 \
    SHUTDOWN_TIMEOUT=8s
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["clerk-mirror", "healthcheck"]
ENTRYPOINT ["clerk-mirror"]
CMD ["serve"]
