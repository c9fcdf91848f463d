# Profile analytics and the HQ batch (issue 3).
# Profile analytics (issue 3, models-core): L.Point CSV readers, RFM+T,
# BG/NBD, Gamma-Gamma, CLV, preference model, value tiers, spend grades,
# k-means, segments, behaviour types, weather features.
list(APPEND MODELS_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/csv/csv_scanner.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/csv/dates.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/csv/table_reader.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/csv/lpoint_readers.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/csv/transaction_reader.cpp
)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/app/fit_clv_command.cpp)
  list(APPEND MODELS_APP_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/app/fit_clv_command.cpp)
endif()
list(APPEND MODELS_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/rfm.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/nelder_mead.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/bgnbd.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/gamma_gamma.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/clv.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/value_tier.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/spend_grade.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/kmeans.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/segments.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/behaviour_type.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/weather.cpp
)
# Where default_holiday_calendar_path() finds the shipped Korean calendar.
set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/src/analytics/weather.cpp PROPERTIES
  COMPILE_DEFINITIONS SMARTSTORE_MODELS_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data")
