#pragma once
// What the batch writes: profiles for snapshots, the report's data, the
// JSON summary, and private (0600) files.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "batch_state.h"
#include "smartstore/models/html_report.h"

namespace smartstore::models::batch {

using Timings = std::vector<std::pair<std::string, double>>;

// YYYYMMDD2359 of the as-of day: versions follow the data's date.
std::int64_t version_base(Day as_of);

CustomerProfile make_profile(const Facts& f, const Scores& s, const std::vector<std::string>& keys,
                             std::uint32_t c, const BatchOptions& o);
ReportData make_report_data(const Tables& t, const Facts& f, const Scores& s, const BatchResult& r);
std::string summary_json(const ReportData& report, const Scores& s, const BatchResult& r,
                         const Timings& timings, const BatchOptions& o);
// The summary's fields that the fits give (the same in every part of a
// sharded batch), and the summary of a report with them.
nlohmann::json fit_summary(const Scores& s, const BatchOptions& o);
std::string summary_json(const ReportData& report, nlohmann::json fits, const BatchResult& r,
                         const Timings& timings);
// The parameters' row counting the members the classifier placed.
inline constexpr const char* kPlacedRow = "members placed by it (cluster_predicted)";

}  // namespace smartstore::models::batch
