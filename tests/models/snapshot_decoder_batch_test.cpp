// ctest-labels: integration
// decode_profile against the nlohmann reader it replaced on the real batch
// output of report 001's data set: every line, and thousands of byte
// mutations of them. Integration-labelled: the batch's predictive stage takes
// ~15 s unoptimized, too long for the sanitizer run (the unit file
// snapshot_decoder_test.cpp covers the same rules on generated lines).
#include <doctest/doctest.h>

#include <random>

#include "profile_reference.h"
#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using namespace smartstore::models::testing_reference;
using smartstore::testing::data_path;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {

// The real batch on report 001's data set (1,468 customers), once per run.
const std::vector<std::string>& batch_lines() {
  static const std::vector<std::string> lines = [] {
    TempDir dir;
    write_file(dir / "stores.csv", "br_c,zon_hlv\nS001,California\nS002,Chicago\n");
    BatchOptions o;
    o.inputs.customers = data_path("analytics/mi_customers.csv").string();
    o.inputs.purchases = data_path("analytics/mi_online_sales.csv").string();
    o.inputs.products = data_path("analytics/mi_online_sales.csv").string();
    o.inputs.customer_options = mi_customer_options();
    o.inputs.purchase_options = mi_sales_purchase_options();
    o.inputs.product_options = mi_sales_product_options();
    o.inputs.store_zones = (dir / "stores.csv").string();
    o.stores = {"S001", "S002"};
    o.out_dir = dir / "out";
    o.deployment_key = std::vector<unsigned char>(32, 5);
    // Fits on small samples: this is about the records' text, and every
    // customer is still scored and written.
    o.k_min = o.k_max = 3;
    o.kmeans_restarts = 1;
    o.fit_sample = 300;
    o.cluster_sample = 300;
    o.silhouette_samples = 100;
    const auto r = run_profile_batch(o);
    REQUIRE_MESSAGE(r.ok(), r.error);
    std::vector<std::string> out;
    for (const auto& snap : r.snapshots) {
      const auto m = verify_snapshot_dir(snap.dir);
      REQUIRE(m.ok());
      for (const auto& c : m.value->chunks) {
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
  REQUIRE(p.ok());
  CHECK_FALSE(p.value->preferences.empty());
  CHECK_FALSE(p.value->tier.empty());
  // And re-encoding gives the stored bytes back: the body format is unchanged.
  for (std::size_t i = 0; i < lines.size(); i += 97) CHECK(encode_profile(*decode_profile(lines[i]).value) == lines[i]);
}

TEST_CASE("decode_profile: random byte mutations of real lines get the reference's verdict") {
  const auto& lines = batch_lines();
  std::mt19937_64 rng(20240601);
  // Bytes that matter to JSON, plus UTF-8 lead and continuation bytes.
  const std::string alphabet = "{}[]\":,\\ntfue.-+0123456789 \t\r\n/bx\x01\x7f\xc3\xa9\xe2\x82\xac\xed\xf0\xf4\xef";
  Verdicts v;
  for (int round = 0; round < 6000; ++round) {
    std::string line = lines[rng() % lines.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !line.empty(); ++e) {
      const std::size_t at = rng() % line.size();
      switch (rng() % 4) {
        case 0: line[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: line.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 2: line.erase(at, 1); break;
        default: line.erase(at, rng() % 12); break;
      }
    }
    compare(line, v);
  }
  // Both verdicts occur often: the mutations exercise acceptance and rejection.
  CHECK(v.accepted > 300);
  CHECK(v.rejected > 3000);
}

