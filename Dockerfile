# jinit as the ENTRYPOINT of a distroless image (no shell, glibc only).
#   docker build -t jinit-demo .
#   docker run --rm jinit-demo /bin/your-service --flag
# Replace the final stage's base with your own image, or copy /opt/jinit into it (see README).

FROM maven:3-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
RUN ./build.sh package -DskipTests

FROM gcr.io/distroless/base-debian12
COPY --from=build /src/jlink/target/jinit /opt/jinit
# No shell in the image: start the JVM of the runtime image directly; every JVM option is baked in.
ENTRYPOINT ["/opt/jinit/bin/java", "-m", "dev.jinit.cli", "--"]
