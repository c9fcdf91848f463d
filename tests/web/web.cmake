# Browser tests (label web): Debian's chromium driven by playwright-core from
# tests/web/node_modules (scripts/web-deps.sh installs it from the lock file).
# Without node the browser and contract tests would simply not exist, and a
# run would look green without them: one failing test says what is missing.
if(NOT SMARTSTORE_UNIT_ONLY)
  find_program(NODE_PROGRAM node)
  if(NOT NODE_PROGRAM)
    add_test(NAME web/node_required
             COMMAND sh -c "echo 'node not found: the browser tests and the OpenAPI check cannot run (scripts/install-deps.sh installs it)' >&2; exit 1")
    set_tests_properties(web/node_required PROPERTIES LABELS web)
  endif()
endif()

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
    add_test(NAME web/screen_pairing
             COMMAND ${NODE_PROGRAM} ${CMAKE_CURRENT_SOURCE_DIR}/web/screen_pairing.spec.mjs $<TARGET_FILE:smartstored> ${web_artifacts}
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/web)
    add_test(NAME web/staff_token_storage
             COMMAND ${NODE_PROGRAM} ${CMAKE_CURRENT_SOURCE_DIR}/web/staff_token_storage.spec.mjs $<TARGET_FILE:smartstored> ${web_artifacts}
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/web)
    set_tests_properties(web/staff_tablet web/entrance_screen PROPERTIES LABELS web TIMEOUT 120)
    set_tests_properties(web/screen_pairing web/staff_token_storage PROPERTIES LABELS "web;security" TIMEOUT 120)
    set_tests_properties(web/entrance_screen PROPERTIES
                         ENVIRONMENT "SMARTSTORE_WEB_CATALOG=$<TARGET_FILE:smartstore-web-catalog>")
  endif()
endif()

# The API contract (label web: needs tests/web/node_modules). swagger-cli
# validates docs/openapi.yaml as OpenAPI 3; openapi_responses.mjs checks each
# response the in-process HTTP tests recorded (tests/edge/http/recorded_router.h)
# against the schema of its route and status. The recordings are cleared first
# and written by the HTTP tests, which ctest runs before the check (fixtures).
if(NOT SMARTSTORE_UNIT_ONLY)
  find_program(NODE_PROGRAM node)
  if(NODE_PROGRAM)
    set(api_responses ${PROJECT_BINARY_DIR}/api-responses)
    add_test(NAME web/openapi_spec
             COMMAND ${NODE_PROGRAM} node_modules/@apidevtools/swagger-cli/bin/swagger-cli.js validate
                     ${PROJECT_SOURCE_DIR}/docs/openapi.yaml
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/web)
    add_test(NAME web/api_responses_cleared COMMAND ${CMAKE_COMMAND} -E rm -rf ${api_responses})
    add_test(NAME web/openapi_responses
             COMMAND ${NODE_PROGRAM} openapi_responses.mjs ${PROJECT_SOURCE_DIR}/docs/openapi.yaml ${api_responses}
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/web)
    set_tests_properties(web/openapi_spec web/api_responses_cleared web/openapi_responses PROPERTIES LABELS web)
    set_tests_properties(web/api_responses_cleared PROPERTIES FIXTURES_SETUP api_responses_cleared)
    set_tests_properties(edge/http/api_router_test edge/http/barcode_svg_test PROPERTIES
                         FIXTURES_REQUIRED api_responses_cleared FIXTURES_SETUP api_responses)
    set_tests_properties(web/openapi_responses PROPERTIES FIXTURES_REQUIRED api_responses)
  endif()
endif()
