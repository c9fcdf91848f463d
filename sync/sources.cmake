# smartstore_sync sources (the agent and the HQ tool's library code).
list(APPEND SYNC_SOURCES
  src/envelope.cpp
  src/day_close.cpp
  src/mqtt_link.cpp
  src/agent/snapshot_stage.cpp
  src/agent/store_agent.cpp
  src/agent/downlink.cpp
  src/agent/metrics.cpp
  src/hq/sqlite_store.cpp
  src/hq/postgres_store.cpp
  src/hq/publish.cpp
  src/hq/ingest.cpp
  src/hq/report.cpp
  src/hq/cli.cpp
)
# smartstore-hq's own sources besides its thin main.
set(HQ_APP_SOURCES)
