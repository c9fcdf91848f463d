# libFuzzer targets: every tests/fuzz/<name>_fuzz.cpp is one target, linked
# with the libraries named on its line `// fuzz-links: smartstore_scanner ...`
# and/or the single sources on `// fuzz-sources: edge/src/x.cpp` (keeps the
# clang build small when a parser needs one file, not a whole part).
# Each becomes a CTest entry (label fuzz) that first replays the regression
# inputs in tests/fuzz/regressions/<name>/ and then fuzzes from the seed corpus
# tests/fuzz/corpus/<name>/ for FUZZ_SECONDS (default 10).
# Two builds use it: `fuzz` (fuzz targets only, -O2, for `make fuzz`) and
# `asan` (with the unit tests, -O0, one clang build for `make test`).
add_custom_target(fuzz_all)
file(GLOB fuzz_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/*_fuzz.cpp)
foreach(src IN LISTS fuzz_sources)
  get_filename_component(stem ${src} NAME_WE)
  string(REGEX REPLACE "_fuzz$" "" name ${stem})
  file(STRINGS ${src} link_line REGEX "^// fuzz-links:" LIMIT_COUNT 1)
  set(links)
  if(link_line)
    string(REGEX REPLACE "^// fuzz-links:[ ]*" "" links "${link_line}")
    separate_arguments(links)
  endif()
  file(STRINGS ${src} sources_line REGEX "^// fuzz-sources:" LIMIT_COUNT 1)
  set(extra)
  if(sources_line)
    string(REGEX REPLACE "^// fuzz-sources:[ ]*" "" extra "${sources_line}")
    separate_arguments(extra)
    if(SMARTSTORE_FUZZ_WITH_PARTS)
      # The part libraries are built anyway (sanitized): link them rather than
      # compile the parsers a second time, and give only the parsers coverage
      # instrumentation: at -O0 it would make every unit test several times
      # slower (a callback on each comparison).
      foreach(path IN LISTS extra)
        string(REGEX REPLACE "^([a-z]+)/.*" "smartstore_\\1" part ${path})
        set_source_files_properties(${PROJECT_SOURCE_DIR}/${path} TARGET_DIRECTORY ${part}
                                    PROPERTIES COMPILE_OPTIONS -fsanitize=fuzzer-no-link)
        list(APPEND links ${part})
      endforeach()
      list(REMOVE_DUPLICATES links)
      set(extra)
    else()
      list(TRANSFORM extra PREPEND ${PROJECT_SOURCE_DIR}/)
    endif()
  endif()
  add_executable(${stem} ${src} ${extra})
  target_include_directories(${stem} PRIVATE ${PROJECT_SOURCE_DIR}/edge/include ${PROJECT_SOURCE_DIR}/sync/include
                             ${PROJECT_SOURCE_DIR}/models/include ${PROJECT_SOURCE_DIR}/scanner/include)
  target_link_libraries(${stem} PRIVATE smartstore_flags ${links})
  target_compile_options(${stem} PRIVATE -fsanitize=fuzzer-no-link)
  target_link_options(${stem} PRIVATE -fsanitize=fuzzer)
  add_dependencies(fuzz_all ${stem})
  add_test(NAME fuzz/${name}
           COMMAND ${PROJECT_SOURCE_DIR}/scripts/run-fuzzer.sh $<TARGET_FILE:${stem}> ${name})
  set_tests_properties(fuzz/${name} PROPERTIES LABELS fuzz)
endforeach()
