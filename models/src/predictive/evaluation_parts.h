#pragma once
// The data-set specific halves of evaluate_models().
#include <filesystem>
#include <string>
#include <vector>

#include "online_sales.h"
#include "smartstore/models/evaluation.h"

namespace smartstore::models::predictive {

// Each returns an error message, empty when the data set was evaluated.
std::string evaluate_online_sales(const std::filesystem::path& file, double split_fraction,
                                  std::vector<MetricRow>& rows, std::vector<std::string>& notes);
std::string evaluate_bike_sharing(const std::filesystem::path& file, double split_fraction,
                                  std::vector<MetricRow>& rows, std::vector<std::string>& notes);
std::string evaluate_groceries(const std::filesystem::path& file, std::vector<MetricRow>& rows,
                               std::vector<std::string>& notes);

}  // namespace smartstore::models::predictive
