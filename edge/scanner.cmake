# Scanner sources wired into the kiosk (edge/src/scanning/).
list(APPEND EDGE_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/scanning/scanner_component.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/scanning/camera_source.cpp)
