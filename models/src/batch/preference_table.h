#pragma once
// preference_indices() (profile.h) for a million customers: the likelihood
// logs are looked up once per (age band, gender) instead of through string
// maps per customer. Same formula and the same floors; the batch test checks
// both agree.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "smartstore/models/profile.h"

namespace smartstore::models::batch {

class PreferenceTable {
 public:
  PreferenceTable(const PreferenceModel& model, const std::vector<std::string>& ages,
                  const std::vector<std::string>& genders);
  // counts and out in model.categories order; out gets the index 5..100.
  void indices(std::span<const std::int64_t> counts, std::size_t age, std::size_t gender,
               std::span<double> out) const;
  // The same over weighted counts (the interest index: purchases plus a share
  // of each item considered or shown).
  void indices(std::span<const double> counts, std::size_t age, std::size_t gender,
               std::span<double> out) const;

 private:
  template <class Count>
  void compute(std::span<const Count> counts, std::size_t age, std::size_t gender,
               std::span<double> out) const;
  std::size_t m_ = 0;
  std::vector<double> age_log_;     // [age][category]
  std::vector<double> gender_log_;  // [gender][category]
};

}  // namespace smartstore::models::batch
