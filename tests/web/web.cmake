# Browser tests (label web): Debian's chromium driven by playwright-core from
# tests/web/node_modules (scripts/web-deps.sh installs it from the lock file).
if(NOT SMARTSTORE_UNIT_ONLY AND TARGET smartstored)
  find_program(NODE_PROGRAM node)
  if(NODE_PROGRAM)
    set(web_artifacts ${PROJECT_BINARY_DIR}/web-artifacts)
    add_test(NAME web/staff_tablet
             COMMAND ${NODE_PROGRAM} ${CMAKE_CURRENT_SOURCE_DIR}/web/staff_tablet.spec.mjs $<TARGET_FILE:smartstored> ${web_artifacts}
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/web)
    # The scanner's CLI decodes the entrance screenshot: the drawn barcode must scan.
    set(scan_cli "")
    if(TARGET smartstore-scan)
      set(scan_cli $<TARGET_FILE:smartstore-scan>)
    endif()
    # Loads an HQ catalog into the kiosk's store before the daemon starts.
    add_executable(smartstore-web-catalog ${CMAKE_CURRENT_SOURCE_DIR}/web/catalog_fixture.cpp)
    target_link_libraries(smartstore-web-catalog PRIVATE smartstore_flags smartstore_edge)
    add_test(NAME web/entrance_screen
             COMMAND ${NODE_PROGRAM} ${CMAKE_CURRENT_SOURCE_DIR}/web/entrance_screen.spec.mjs $<TARGET_FILE:smartstored> ${web_artifacts} ${scan_cli}
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/web)
    set_tests_properties(web/staff_tablet web/entrance_screen PROPERTIES LABELS web TIMEOUT 120)
    set_tests_properties(web/entrance_screen PROPERTIES
                         ENVIRONMENT "SMARTSTORE_WEB_CATALOG=$<TARGET_FILE:smartstore-web-catalog>")
  endif()
endif()
