# Predictive models (issue 4): association rules, matrix factorization,
# next-item, purchase cycle, expected spend, seasonal index and forecast.
set(_pred ${CMAKE_CURRENT_SOURCE_DIR}/src/predictive)
list(APPEND MODELS_SOURCES
  ${_pred}/table_reader.cpp
  ${_pred}/association_rules.cpp
  ${_pred}/itemset_counting.cpp
  ${_pred}/cli/rules_cli.cpp
  ${_pred}/cli/usage_cli.cpp
  ${_pred}/seasonal_index.cpp
  ${_pred}/cli/seasonal_cli.cpp
  ${_pred}/matrix_factorization.cpp
  ${_pred}/implicit_als.cpp
  ${_pred}/ridge.cpp
  ${_pred}/online_sales.cpp
  ${_pred}/next_category.cpp
  ${_pred}/purchase_cycle.cpp
  ${_pred}/expected_spend.cpp
  ${_pred}/demand_forecast.cpp
  ${_pred}/customer_lines.cpp
  ${_pred}/demand_outlook.cpp
  ${_pred}/profile_predictions.cpp
  ${_pred}/batch_predictions.cpp
  ${_pred}/evaluation.cpp
  ${_pred}/evaluation_sales.cpp
  ${_pred}/evaluation_demand.cpp
  ${_pred}/cli/evaluate_cli.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/src/report/forecast_chart.cpp
)
list(APPEND MODELS_APP_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/app/predictive_commands.cpp)
