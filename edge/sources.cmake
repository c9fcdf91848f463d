# edge subsystem source lists; each subsystem owns its own file.
include(${CMAKE_CURRENT_SOURCE_DIR}/core.cmake OPTIONAL)
include(${CMAKE_CURRENT_SOURCE_DIR}/http.cmake OPTIONAL)
include(${CMAKE_CURRENT_SOURCE_DIR}/sync.cmake OPTIONAL)
include(${CMAKE_CURRENT_SOURCE_DIR}/scanner.cmake OPTIONAL)
