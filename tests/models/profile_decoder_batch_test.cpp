// ctest-labels: integration
// decode_profile against the nlohmann reference reader on the real batch
// output of report 001's data set: every line, and thousands of byte
// mutations of them. Integration-labelled: the batch's predictive stage takes
// ~15 s unoptimized, too long for the sanitizer run (the unit file
// profile_decoder_test.cpp covers the same rules on generated lines).
#include <doctest/doctest.h>

#include <random>

#include "models/support/batch_inputs.h"
#include "models/support/profile_reference.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using namespace smartstore::models::testing_reference;
using smartstore::testing::mi_batch_inputs;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;

namespace {

// The real batch on report 001's data set (1,468 customers), once per run.
const std::vector<std::string>& batch_lines() {
  static const std::vector<std::string> lines = [] {
    TempDir dir;
    auto o = mi_batch_inputs(dir.path());
    o.deployment_key = std::vector<unsigned char>(32, 5);
    // Fits on small samples: this is about the records' text, and every
    // customer is still scored and written.
    smartstore::testing::small_clustering(o, 1, 300, 100);
    o.k_min = 3;
    o.fit_sample = 300;
    const auto r = run_profile_batch(o);
    REQUIRE_MESSAGE(r.has_value(), smartstore::testing::error_text(r));
    std::vector<std::string> out;
    for (const auto& snap : r->snapshots) {
      const auto m = verify_snapshot_dir(snap.dir);
      REQUIRE(m.has_value());
      for (const auto& c : m->chunks) {
        const std::string bytes = read_file(snap.dir / chunk_file_name(c.index));
        for (std::size_t start = 0; start < bytes.size();) {
          const auto nl = bytes.find('\n', start);
          out.push_back(bytes.substr(start, nl - start));
          start = nl == std::string::npos ? bytes.size() : nl + 1;
        }
      }
    }
    return out;
  }();
  return lines;
}

}  // namespace

TEST_CASE("decode_profile: every line of the mi_online_sales batch output reads as nlohmann read it") {
  const auto& lines = batch_lines();
  REQUIRE(lines.size() > 800);  // two shards of the 1,468 customers
  Verdicts v;
  for (const auto& line : lines) compare(line, v);
  CHECK(v.accepted == static_cast<int>(lines.size()));
  // The records are not trivial: preferences, predictions and text in Korean or English.
  const auto p = decode_profile(lines.front());
  REQUIRE(p.has_value());
  CHECK_FALSE(p->preferences.empty());
  CHECK_FALSE(p->tier.empty());
  // And re-encoding gives the stored bytes back: the body format is unchanged.
  for (std::size_t i = 0; i < lines.size(); i += 97)
    CHECK(encode_profile(*decode_profile(lines[i])) == lines[i]);
}

TEST_CASE("decode_profile: random byte mutations of real lines get the reference's verdict") {
  const auto& lines = batch_lines();
  std::mt19937_64 rng(20240601);
  Verdicts v;
  for (int round = 0; round < 6000; ++round) {
    compare(mutated(lines[rng() % lines.size()], rng), v);
  }
  // Both verdicts occur often: the mutations exercise acceptance and rejection.
  CHECK(v.accepted > 300);
  CHECK(v.rejected > 3000);
}
