#include <algorithm>
#include <cmath>

#include "smartstore/models/profile.h"

namespace smartstore::models {

std::vector<CategoryPreference> preference_indices(const PreferenceModel& model,
                                                   const std::map<std::string, std::int64_t>& counts,
                                                   const std::string& age_band, const std::string& gender) {
  std::vector<CategoryPreference> out;
  if (model.categories.empty()) return out;
  double total = 0;
  for (const auto& c : model.categories) {
    auto it = counts.find(c);
    total += static_cast<double>(it == counts.end() ? 0 : it->second) + 1.0;
  }
  auto likelihood = [](const auto& table, const std::string& c, const std::string& key) {
    if (key.empty()) return 1.0;
    auto row = table.find(c);
    if (row == table.end()) return 1.0;
    auto cell = row->second.find(key);
    // A group never seen in a category is rare there, not impossible: a small
    // floor keeps ln finite and the ranking total.
    return cell == row->second.end() ? 1e-6 : std::max(cell->second, 1e-6);
  };
  std::vector<double> logs;
  for (const auto& c : model.categories) {
    auto it = counts.find(c);
    const std::int64_t n = it == counts.end() ? 0 : it->second;
    const double prior = (static_cast<double>(n) + 1.0) / total;
    const double post = prior * likelihood(model.p_age_given_category, c, age_band) *
                        likelihood(model.p_gender_given_category, c, gender);
    logs.push_back(std::log(post));
    out.push_back({c, 0.0, n});
  }
  const double lo = *std::min_element(logs.begin(), logs.end());
  const double shift = 5.0 - lo;
  double hi = 0;
  for (double l : logs) hi = std::max(hi, l + shift);
  for (size_t i = 0; i < out.size(); ++i) out[i].index = (logs[i] + shift) / hi * 100.0;
  std::stable_sort(out.begin(), out.end(),
                   [](const CategoryPreference& a, const CategoryPreference& b) { return a.index > b.index; });
  return out;
}

}  // namespace smartstore::models
