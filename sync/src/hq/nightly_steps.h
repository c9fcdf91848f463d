#pragma once
// Internal: what the nightly needs beyond HQ's own calls — running the other
// programs, fingerprinting its inputs, and the state file that makes a second
// run over the same inputs do nothing.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "smartstore/common/result.h"

namespace smartstore::sync::detail {

// Runs program (searched on PATH when it has no slash) with args, its output
// going where ours does; fails naming the program and its exit code.
[[nodiscard]] Status run_program(const std::filesystem::path& program, const std::vector<std::string>& args);

// sha256 hex over each file's name and bytes, in order; files that do not
// exist count as absent (their name only).
[[nodiscard]] Result<std::string> fingerprint(const std::vector<std::filesystem::path>& files);

// work/nightly-state.json: what the nightly already did.
struct NightlyState {
  std::map<std::string, std::string> inputs_by_day;  // day -> the fingerprint its batch was built from
  std::map<std::string, std::int64_t> sent_version;  // store -> snapshot version sent
  std::string catalog_sent, campaigns_sent;          // sha256 of the body last sent to every store
  std::vector<std::string> catalog_stores, campaign_stores;  // the stores it went to
};
[[nodiscard]] Result<NightlyState> load_nightly_state(const std::filesystem::path& file);
// Replaced whole (a crash leaves the old state or the new one).
[[nodiscard]] Status save_nightly_state(const std::filesystem::path& file, const NightlyState& state);

}  // namespace smartstore::sync::detail
