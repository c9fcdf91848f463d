# HQ batch, HTML report and demo-data generator (issue 3 second half, issue 9).
list(APPEND MODELS_SOURCES
  src/generator/csv_out.cpp
  src/generator/customer_draw.cpp
  src/generator/demo_catalog.cpp
  src/generator/demo_customer.cpp
  src/generator/generator.cpp
)
list(APPEND MODELS_APP_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/app/generate_command.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/app/build_command.cpp
)
list(APPEND MODELS_SOURCES
  src/batch/batch_facts.cpp
  src/batch/batch_scores.cpp
  src/batch/batch_output.cpp
  src/batch/preference_table.cpp
  src/batch/profile_batch.cpp
  src/batch/store_shard.cpp
  src/report/html_report.cpp
  src/report/svg_charts.cpp
)
# fit-clv (models-core) joins the front door once its source is in the tree.
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/app/fit_clv_command.cpp)
  set_property(SOURCE app/smartstore-models.cpp APPEND PROPERTY COMPILE_DEFINITIONS SMARTSTORE_MODELS_FIT_CLV=1)
endif()
