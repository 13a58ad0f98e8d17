# Images for docker-compose.yml: one build stage, then a silo image and a client image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Silo/Silo.csproj -c Release -o /out/silo \
 && dotnet publish Client/Client.csproj -c Release -o /out/client

# The aspnet runtime: silo and client host the web dashboard (ASP.NET Core shared framework).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
# Silo-to-silo and gateway ports (see --silo-port, --gateway-port).
EXPOSE 11111 30000
ENTRYPOINT ["dotnet", "Ensemble.Silo.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS client
# The reports' figures (ScottPlot) draw no text without a font.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/client .
COPY examples ./examples
ENTRYPOINT ["dotnet", "ensemble.dll"]
