# libFuzzer targets: every tests/fuzz/<name>_fuzz.cpp is one target, linked
# with the libraries named on its line `// fuzz-links: smartstore_scanner ...`
# and/or the single sources on `// fuzz-sources: edge/src/x.cpp` (keeps the
# clang build small when a parser needs one file, not a whole part).
# Each becomes a CTest entry (label fuzz) that first replays the regression
# inputs in tests/fuzz/regressions/<name>/ and then fuzzes from the seed corpus
# tests/fuzz/corpus/<name>/ for FUZZ_SECONDS (default 10).
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
    list(TRANSFORM extra PREPEND ${PROJECT_SOURCE_DIR}/)
  endif()
  add_executable(${stem} ${src} ${extra})
  target_include_directories(${stem} PRIVATE ${PROJECT_SOURCE_DIR}/edge/include ${PROJECT_SOURCE_DIR}/sync/include
                             ${PROJECT_SOURCE_DIR}/models/include ${PROJECT_SOURCE_DIR}/scanner/include)
  target_link_libraries(${stem} PRIVATE smartstore_flags ${links})
  target_link_options(${stem} PRIVATE -fsanitize=fuzzer)
  add_dependencies(fuzz_all ${stem})
  add_test(NAME fuzz/${name}
           COMMAND ${PROJECT_SOURCE_DIR}/scripts/run-fuzzer.sh $<TARGET_FILE:${stem}> ${name})
  set_tests_properties(fuzz/${name} PROPERTIES LABELS fuzz)
endforeach()
