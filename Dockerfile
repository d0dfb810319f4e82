# syntax=docker/dockerfile:1
# The Decision Matrix MCP server as a container image: the self-contained distribution (a jlink
# runtime trimmed to the server's modules, the server jar, the launcher and its warm-start cache),
# run as a non-root user.
#
#   docker build -t decision-mcp .
#   # stdio (the default; what an MCP host starts):
#   docker run -i --rm -e OPENAI_API_KEY -e DECISION_MATRIX_BACKEND=openai -v decision-data:/data decision-mcp
#   # Streamable HTTP on port 8080 (a token is required off loopback; --help lists every option):
#   docker run --rm -p 8080:8080 -e DECISION_MATRIX_HTTP_TOKEN=change-me -v decision-data:/data \
#     decision-mcp --http --host 0.0.0.0 --port 8080
#
# Sessions and the judgment cache live in /data (a volume).

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# decision-dist builds the distribution; its training run (against the built-in simulator, over
# loopback) writes the AOT cache.
RUN ./mvnw -B -q -pl decision-dist -am package -DskipTests \
 && mv decision-dist/target/decision-mcp-*-linux-*/ /opt/decision-mcp

FROM debian:bookworm-slim
# Ties the image to its MCP registry entry (server.json "name"): the registry checks this label.
LABEL io.modelcontextprotocol.server.name="io.github.decision-matrix/decision-matrix"
RUN groupadd --system --gid 10001 decision \
 && useradd --system --uid 10001 --gid decision --home-dir /data --shell /usr/sbin/nologin decision \
 && mkdir -p /data && chown decision:decision /data
COPY --from=build /opt/decision-mcp /opt/decision-mcp
ENV DECISION_MATRIX_DATA_DIR=/data
USER decision
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/opt/decision-mcp/bin/decision-mcp"]
