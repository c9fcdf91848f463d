#include "smartstore/models/signup_survey.h"

#include <algorithm>

#include "../predictive/table_reader.h"
#include "smartstore/models/member_key.h"

namespace smartstore::models {

Result<SignupSurveys> read_signup_surveys(const std::filesystem::path& file) {
  auto read = predictive::read_csv(file);
  if (!read) return read.error();
  const auto key = read->column("member_key"), cust = read->column("cust"),
             category = read->column("favourite_category");
  if ((!key && !cust) || !category)
    return fail(ErrorKind::invalid_input,
                file.string() + ":1: expected columns member_key (or cust) and favourite_category", "models");
  SignupSurveys out;
  for (std::size_t i = 0; i < read->rows.size(); ++i) {
    const auto& answer = read->rows[i][*category];
    if (!key) {
      if (!answer.empty()) out.favourite_by_cust[read->rows[i][*cust]] = answer;
      continue;
    }
    const auto& k = read->rows[i][*key];
    if (!is_member_key(k))
      return fail(ErrorKind::invalid_input,
                  file.string() + ":" + std::to_string(read->lines[i]) +
                      ": column member_key: expected 64 lower-case hex characters, found '" +
                      k.substr(0, 70) + "'",
                  "models");
    if (!answer.empty()) out.favourite[k] = answer;
  }
  return out;
}

std::vector<CategoryPreference> survey_preferences(const PreferenceModel& model, const std::string& favourite,
                                                   const std::string& age_band, const std::string& gender,
                                                   std::int64_t weight) {
  std::map<std::string, std::int64_t> counts;
  if (std::find(model.categories.begin(), model.categories.end(), favourite) != model.categories.end())
    counts[favourite] = weight;
  auto ranked = preference_indices(model, counts, age_band, gender);
  for (auto& p : ranked) p.count = 0;  // pseudo-purchases, not purchases
  return ranked;
}

}  // namespace smartstore::models
