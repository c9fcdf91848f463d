#pragma once
// The sign-up survey of report 000 (favourite category, why, preferred
// channel), as the kiosks record it with a new member's first staff note and
// HQ ingests it: keyed by member key. Its favourite category seeds the
// preference prior of a member who has not bought anything yet.
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/profile.h"

namespace smartstore::models {

struct SignupSurveys {
  std::unordered_map<std::string, std::string> favourite;          // member key -> category (clac_hlv_nm)
  std::unordered_map<std::string, std::string> favourite_by_cust;  // cust -> category, keyed by the batch
};

// CSV with header `member_key,favourite_category` (more columns, e.g. reason
// and preferred_channel, are ignored); a key must be 64 lower-case hex
// characters. A sign-up form held by cust instead has `cust` in place of
// `member_key` (the batch keys it as it keys the member). Errors name
// file:line. A member answering twice keeps the last.
[[nodiscard]] Result<SignupSurveys> read_signup_surveys(const std::filesystem::path& file);

// The preference ranking of a member without purchases whose survey names
// `favourite`: report 000's posterior with the favourite counted as `weight`
// purchases in the prior (P(c|u) = (count + 1) shares), so the answer moves
// the ranking as much as `weight` purchases would, and age and gender still
// weigh in. Best first; unchanged (the plain prior) when the model lacks the category.
[[nodiscard]] std::vector<CategoryPreference> survey_preferences(const PreferenceModel& model,
                                                                 const std::string& favourite,
                                                                 const std::string& age_band,
                                                                 const std::string& gender,
                                                                 std::int64_t weight);

}  // namespace smartstore::models
