# clerk-mirror: build a release binary with the Swift runtime linked in, then run it on a slim
# Debian with only the shared libraries it needs.

FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-dev libpq-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY migrations ./migrations
RUN swift build -c release --product clerk-mirror --static-swift-stdlib \
 && install -D "$(swift build -c release --show-bin-path)/clerk-mirror" /out/clerk-mirror

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-0 libpq5 libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --create-home mirror
COPY --from=build /out/clerk-mirror /usr/local/bin/clerk-mirror
# The binary carries its migrations; these copies are for operators to read.
COPY migrations /usr/share/clerk-mirror/migrations
USER mirror
WORKDIR /data
VOLUME /data
ENV DATABASE_URL=sqlite:/data/clerk-mirror.sqlite3 \
    MIRROR_LISTEN=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["clerk-mirror"]
CMD ["migrate"]
