# edge's sync subsystem: the store agent as a daemon component.
list(APPEND EDGE_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/src/sync_component.cpp)
