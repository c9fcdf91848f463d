# Test support owned by subsystems (sync: a real mosquitto per test).
target_sources(smartstore_test_support PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/support/mosquitto_broker.cpp)
# Raw loopback HTTP client for the edge HTTP tests and bench (edge-http).
target_sources(smartstore_test_support PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/support/http_client.cpp)
# A staff-authenticated JSON call to a real smartstored (crash and storage-fault tests).
target_sources(smartstore_test_support PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/support/json_api.cpp)
target_link_libraries(smartstore_test_support PUBLIC nlohmann_json::nlohmann_json)
# A real smartstored with its broker link, scans over HTTP and its memory
# sampled (the daemon snapshot-apply bench and memory test).
target_sources(smartstore_test_support PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/support/kiosk_daemon.cpp)
target_link_libraries(smartstore_test_support PUBLIC SQLite::SQLite3)
