#pragma once
// The data-set specific halves of evaluate_models().
#include <filesystem>
#include <string>
#include <vector>

#include "online_sales.h"
#include "smartstore/common/result.h"
#include "smartstore/models/evaluation.h"

namespace smartstore::models::predictive {

// Each fails when its data set cannot be read; the error names the file.
Status evaluate_online_sales(const std::filesystem::path& file, double split_fraction,
                             std::vector<MetricRow>& rows, std::vector<std::string>& notes);
// Companion products by the batch's rules against most-bought unbought
// products (evaluation_companions.cpp), on the same split.
void companion_rows(const std::vector<SaleLine>& lines, int cutoff, std::vector<MetricRow>& rows,
                    std::vector<std::string>& notes);
Status evaluate_bike_sharing(const std::filesystem::path& file, double split_fraction,
                             std::vector<MetricRow>& rows, std::vector<std::string>& notes);
Status evaluate_groceries(const std::filesystem::path& file, std::vector<MetricRow>& rows,
                          std::vector<std::string>& notes);

}  // namespace smartstore::models::predictive
