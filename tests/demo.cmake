# `make demo` run as a test (DEMO_KEEP=0) with its outcome asserted.
if(NOT SMARTSTORE_UNIT_ONLY)
  add_test(NAME demo/store_day
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/demo_check.sh ${PROJECT_BINARY_DIR}/demo-out ${PROJECT_BINARY_DIR})
  set_tests_properties(demo/store_day PROPERTIES LABELS "integration" TIMEOUT 450)
endif()
