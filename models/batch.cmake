# HQ batch, HTML report and demo-data generator (issue 3 second half, issue 9).
list(APPEND MODELS_SOURCES
  src/generator/csv_out.cpp
  src/generator/demo_catalog.cpp
  src/generator/demo_customer.cpp
  src/generator/generator.cpp
)
list(APPEND MODELS_APP_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/app/generate_command.cpp
)
