# Predictive models (issue 4): association rules, matrix factorization,
# next-item, purchase cycle, expected spend, seasonal index and forecast.
list(APPEND MODELS_APP_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/app/predictive_commands.cpp)
