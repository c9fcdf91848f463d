# Browser tests (label web): Debian's chromium driven by playwright-core from
# tests/web/node_modules (scripts/web-deps.sh installs it from the lock file).
if(NOT SMARTSTORE_UNIT_ONLY AND TARGET smartstored)
  find_program(NODE_PROGRAM node)
  if(NODE_PROGRAM)
    set(web_artifacts ${PROJECT_BINARY_DIR}/web-artifacts)
    foreach(spec staff_tablet entrance_screen)
      add_test(NAME web/${spec}
               COMMAND ${NODE_PROGRAM} ${CMAKE_CURRENT_SOURCE_DIR}/web/${spec}.spec.mjs $<TARGET_FILE:smartstored> ${web_artifacts}
               WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/web)
      set_tests_properties(web/${spec} PROPERTIES LABELS web TIMEOUT 120)
    endforeach()
  endif()
endif()
