# Scanner sources by subsystem; included from CMakeLists.txt.
list(APPEND SCANNER_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/payload/member_card.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/payload/gs1.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/payload/parse_payload.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/payload/debouncer.cpp
)
list(APPEND SCANNER_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/decode/frame.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/decode/image_file.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/decode/image_ops.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/decode/decoder.cpp
)
list(APPEND SCANNER_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/sources/key_wedge.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/sources/line_framer.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/sources/serial_scanner.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/sources/camera_frame.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/sources/v4l2_camera.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/sources/folder_watch.cpp
)
