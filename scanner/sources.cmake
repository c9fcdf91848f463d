# Scanner sources by subsystem; included from CMakeLists.txt.
list(APPEND SCANNER_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/payload/member_card.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/payload/gs1.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/payload/parse_payload.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/payload/debouncer.cpp
)
