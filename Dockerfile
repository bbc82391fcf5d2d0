# One image per service of distributed mode, built from the project's executable jars:
#   ./mvnw -q package -DskipTests
#   docker build --build-arg SERVICE=order-service -t emporium/order-service:0.1.0-SNAPSHOT .
# SERVICE is one of order-service, inventory-service, payment-service, projections-service, saga-service,
# edge-service (compose.yaml passes it). The service runs as an unprivileged user, never as root.
FROM eclipse-temurin:17.0.12_7-jre-jammy

ARG SERVICE
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<service name>" >&2; exit 1) \
    && groupadd --system --gid 10001 emporium \
    && useradd --system --uid 10001 --gid emporium --home-dir /app --shell /usr/sbin/nologin emporium

WORKDIR /app
COPY --chown=root:root services/${SERVICE}/target/${SERVICE}-exec.jar /app/service.jar

ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
EXPOSE 8080
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
