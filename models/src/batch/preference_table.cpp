#include "preference_table.h"

#include <algorithm>
#include <cmath>

namespace smartstore::models::batch {
namespace {

// The likelihood rule of preference_indices(): unknown key or category -> 1,
// a group never seen in a category -> floor 1e-6.
double likelihood(const std::map<std::string, std::map<std::string, double>>& table,
                  const std::string& category, const std::string& key) {
  if (key.empty()) return 1.0;
  auto row = table.find(category);
  if (row == table.end()) return 1.0;
  auto cell = row->second.find(key);
  return cell == row->second.end() ? 1e-6 : std::max(cell->second, 1e-6);
}

}  // namespace

PreferenceTable::PreferenceTable(const PreferenceModel& model, const std::vector<std::string>& ages,
                                 const std::vector<std::string>& genders)
    : m_(model.categories.size()) {
  age_log_.resize(ages.size() * m_);
  gender_log_.resize(genders.size() * m_);
  for (std::size_t a = 0; a < ages.size(); ++a)
    for (std::size_t c = 0; c < m_; ++c)
      age_log_[a * m_ + c] = std::log(likelihood(model.p_age_given_category, model.categories[c], ages[a]));
  for (std::size_t g = 0; g < genders.size(); ++g)
    for (std::size_t c = 0; c < m_; ++c)
      gender_log_[g * m_ + c] =
          std::log(likelihood(model.p_gender_given_category, model.categories[c], genders[g]));
}

void PreferenceTable::indices(std::span<const std::int64_t> counts, std::size_t age, std::size_t gender,
                              std::span<double> out) const {
  compute(counts, age, gender, out);
}

void PreferenceTable::indices(std::span<const double> counts, std::size_t age, std::size_t gender,
                              std::span<double> out) const {
  compute(counts, age, gender, out);
}

template <class Count>
void PreferenceTable::compute(std::span<const Count> counts, std::size_t age, std::size_t gender,
                              std::span<double> out) const {
  if (m_ == 0) return;
  double total = 0;
  for (std::size_t c = 0; c < m_; ++c) total += static_cast<double>(counts[c]) + 1.0;
  const double log_total = std::log(total);
  double lo = 1e300;
  for (std::size_t c = 0; c < m_; ++c) {
    out[c] = std::log(static_cast<double>(counts[c]) + 1.0) - log_total + age_log_[age * m_ + c] +
             gender_log_[gender * m_ + c];
    lo = std::min(lo, out[c]);
  }
  const double shift = 5.0 - lo;
  double hi = 0;
  for (std::size_t c = 0; c < m_; ++c) hi = std::max(hi, out[c] + shift);
  for (std::size_t c = 0; c < m_; ++c) out[c] = (out[c] + shift) / hi * 100.0;
}

}  // namespace smartstore::models::batch
