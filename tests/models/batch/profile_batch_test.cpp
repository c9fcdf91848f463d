// The whole HQ batch on generated demo data and on report 001's data set:
// outputs are complete, consistent, verifiable and free of raw member ids.
#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "models/support/batch_inputs.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::data_path;
using smartstore::testing::demo_batch_inputs;
using smartstore::testing::error_text;
using smartstore::testing::mi_batch_inputs;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {

std::vector<unsigned char> test_key() {
  std::vector<unsigned char> k(32);
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<unsigned char>(i * 7 + 1);
  return k;
}

void small_clustering(BatchOptions& o) {
  smartstore::testing::small_clustering(o, 2, 600, 300);
}

std::int64_t sum_customers(const nlohmann::json& dist) {
  std::int64_t n = 0;
  for (const auto& [k, v] : dist.items()) n += v.at("customers").get<std::int64_t>();
  return n;
}

std::set<std::string> first_column(const std::filesystem::path& csv, std::size_t column = 0) {
  std::set<std::string> out;
  std::istringstream in(read_file(csv));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::string cell;
    for (std::size_t i = 0; i <= column; ++i) std::getline(cells, cell, ',');
    out.insert(cell);
  }
  return out;
}

// Every output file: no raw id from `ids` appears in it as a whole token (a
// run of letters and digits). With `quoted_only`, only tokens standing as a
// JSON string or HTML text count: short numeric ids collide with amounts.
void check_no_raw_ids(const std::filesystem::path& out, const std::set<std::string>& ids,
                      bool quoted_only = false) {
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    const std::string text = read_file(e.path());
    std::size_t hits = 0;
    for (std::size_t i = 0; i < text.size();) {
      if (!alnum(text[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < text.size() && alnum(text[j])) ++j;
      const char before = i > 0 ? text[i - 1] : ' ', after = j < text.size() ? text[j] : ' ';
      const bool delimited = (before == '"' && after == '"') || (before == '>' && after == '<');
      if ((!quoted_only || delimited) && ids.count(text.substr(i, j - i))) ++hits;
      i = j;
    }
    CHECK_MESSAGE(hits == 0, e.path().string());
    const auto perms = e.status().permissions();
    CHECK((perms & std::filesystem::perms::others_all) == std::filesystem::perms::none);
  }
}

// One profile of report 001's data set: member key not a raw id, indices
// within 5..100 best first, probabilities and money in range, labels known,
// dates inside 2019.
void check_mi_profile(const CustomerProfile& p, const std::set<std::string>& ids) {
  CHECK(ids.count(p.member_key) == 0);
  REQUIRE(!p.preferences.empty());
  CHECK(p.preferences.front().index == doctest::Approx(100.0));
  double previous = 101;
  for (const auto& pref : p.preferences) {
    CHECK(pref.index >= 5.0 - 1e-9);
    CHECK(pref.index <= 100.0 + 1e-9);
    CHECK(pref.index <= previous);
    previous = pref.index;
  }
  CHECK((p.p_alive >= 0 && p.p_alive <= 1));
  CHECK(p.clv_3m_krw >= 0);
  CHECK(p.total_spend_krw >= 0);
  CHECK(p.purchase_days >= 0);
  const std::set<std::string> tiers{"star", "butterfly", "chicken_rib", "excluded"};
  const std::set<std::string> grades{"VIP", "G3", "G2", "G1"};
  const std::set<std::string> segments{"VIP", "Gold", "Silver", "Bronze", "At Risk"};
  CHECK(tiers.count(p.tier) == 1);
  CHECK(grades.count(p.grade) == 1);
  CHECK(segments.count(p.segment) == 1);
  if (p.purchase_days > 0)
    CHECK((p.last_purchase_date >= "2019-01-01" && p.last_purchase_date <= "2019-12-31"));
}

struct DemoRun {
  TempDir dir;
  BatchResult result;
  nlohmann::json summary;
};

void run_demo(DemoRun& run, std::int64_t customers) {
  GeneratorOptions g;
  g.customers = customers;
  g.seed = 3;
  g.stores = 3;
  REQUIRE(generate_demo_data(g, run.dir / "in").has_value());
  BatchOptions o = demo_batch_inputs(run.dir / "in", run.dir / "out");
  o.inputs.sessions = (run.dir / "in/sessions.csv").string();
  o.inputs.members = (run.dir / "in/members.csv").string();
  o.inputs.store_zones = (run.dir / "in/stores.csv").string();
  o.deployment_key = test_key();
  small_clustering(o);
  auto r = run_profile_batch(o);
  REQUIRE_MESSAGE(r.has_value(), error_text(r));
  run.result = std::move(*r);
  run.summary = nlohmann::json::parse(read_file(run.result.summary_json));
}

}  // namespace

TEST_CASE("demo data: every tier, grade, segment and behaviour type; verified snapshots keyed by card") {
  DemoRun run;
  run_demo(run, 1000);
  const auto& s = run.summary;
  CHECK(s["customers"] == 1000);
  for (const char* dist : {"tiers", "grades", "segments", "behaviour_types"}) {
    CAPTURE(dist);
    CHECK(sum_customers(s[dist]) == 1000);
    for (const auto& item : s[dist].items())
      CHECK_MESSAGE(item.value()["customers"].get<int>() > 0, item.key());
  }
  CHECK(s["tiers"].size() == 4);
  CHECK(s["segments"].size() == 5);
  CHECK(s["behaviour_types"].size() == 3);
  // Report 003: the top quarter carries most of the revenue.
  CHECK(s["grades"]["VIP"]["revenue_krw"].get<double>() > 0.5 * s["revenue_krw"].get<double>());
  CHECK(s["bgnbd"]["ok"] == true);
  CHECK(s["gamma_gamma"]["ok"] == true);
  CHECK(s["kmeans"]["k"].get<int>() >= 2);
  CHECK(!s["popup_assortment"].empty());

  // The first customer's card, keyed as a kiosk would key the scan.
  const std::string card = demo_card_number(0);
  const std::string key = member_key(test_key(), card);
  bool found = false;
  REQUIRE(run.result.snapshots.size() == 3);
  std::uint64_t total = 0;
  for (const auto& snap : run.result.snapshots) {
    const auto verified = verify_snapshot_dir(snap.dir);
    REQUIRE_MESSAGE(verified.has_value(), (verified ? "" : verified.error().message()));
    CHECK(verified->record_count == snap.records);
    CHECK(verified->version == run.result.version);
    total += snap.records;
    const auto& model = verified->preference_model;
    for (const auto& chunk : verified->chunks) {
      const auto profiles = decode_chunk(read_file(snap.dir / chunk_file_name(chunk.index)));
      REQUIRE(profiles.has_value());
      for (const auto& p : *profiles) {
        found = found || p.member_key == key;
        REQUIRE(!p.preferences.empty());
        CHECK(p.clv_3m_krw >= 0);
        CHECK(p.expected_spend_krw >= 0);
        CHECK((p.p_alive >= 0 && p.p_alive <= 1));
        CHECK(p.preferences.front().index == doctest::Approx(100.0));
        std::map<std::string, std::int64_t> counts;
        for (const auto& pref : p.preferences) {
          CHECK(pref.index >= 5.0 - 1e-9);
          CHECK(pref.index <= 100.0 + 1e-9);
          if (pref.count > 0) counts[pref.category] = pref.count;
        }
        // A kiosk recomputing from the manifest's model gets the same numbers.
        const auto again = preference_indices(model, counts, p.age_band, p.gender);
        for (const auto& pref : p.preferences)
          for (const auto& a : again)
            if (a.category == pref.category) CHECK(a.index == doctest::Approx(pref.index).epsilon(1e-4));
      }
    }
  }
  CHECK(found);
  CHECK(total >= 900);  // zone + purchase rule: almost everyone lands somewhere

  check_no_raw_ids(run.dir / "out", first_column(run.dir / "in/customers.csv"));
  check_no_raw_ids(run.dir / "out", first_column(run.dir / "in/members.csv"));
  const std::string html = read_file(run.result.report_html);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("Pop-up store") != std::string::npos);
}

TEST_CASE("rebuilding moves the version forward") {
  DemoRun run;
  run_demo(run, 300);
  const auto first = run.result.version;
  CHECK(first % 10000 == 2359);
  CHECK(first / 10000 == 20221231);
  BatchOptions o = demo_batch_inputs(run.dir / "in", run.dir / "out");
  o.deployment_key = test_key();
  small_clustering(o);
  const auto again = run_profile_batch(o);
  REQUIRE(again.has_value());
  CHECK(again->version > first);
}

TEST_CASE("report 001's data set through the mi column mapping") {
  TempDir dir;
  auto o = mi_batch_inputs(dir.path());
  o.deployment_key = test_key();
  small_clustering(o);
  const auto batch = run_profile_batch(o);
  REQUIRE_MESSAGE(batch.has_value(), error_text(batch));
  const BatchResult& r = *batch;
  const auto s = nlohmann::json::parse(read_file(r.summary_json));
  const auto ids = first_column(data_path("analytics/mi_customers.csv"));
  CHECK(ids.size() == 1468);
  CHECK(r.customers == 1468);  // every sales customer is in the customer file
  CHECK(r.purchases == 52924);
  for (const char* dist : {"tiers", "grades", "segments", "behaviour_types"})
    CHECK(sum_customers(s[dist]) == 1468);
  CHECK(s["as_of"] == "2019-12-31");
  CHECK(s["bgnbd"]["ok"] == true);
  CHECK(s["gamma_gamma"]["ok"] == true);
  // Online-only data: the zone rule alone fills the shards.
  REQUIRE(r.snapshots.size() == 2);
  CHECK(r.snapshots[0].records > 0);
  CHECK(r.snapshots[1].records > 0);
  CHECK(r.snapshots[0].records + r.snapshots[1].records < 1468);
  // Revenue: every distribution splits the same total; the VIP quarter carries the most.
  const auto revenue = s["revenue_krw"].get<std::int64_t>();
  CHECK(revenue > 0);
  for (const char* dist : {"tiers", "grades", "segments", "behaviour_types"}) {
    CAPTURE(dist);
    std::int64_t sum = 0;
    for (const auto& [label, v] : s[dist].items()) sum += v.at("revenue_krw").get<std::int64_t>();
    CHECK(sum == revenue);
  }
  for (const char* g : {"G1", "G2", "G3"})
    CHECK(s["grades"]["VIP"]["revenue_krw"].get<std::int64_t>() >
          s["grades"][g]["revenue_krw"].get<std::int64_t>());
  // Spend quartiles: each grade holds about a quarter of the customers.
  for (const auto& [label, v] : s["grades"].items()) CHECK(std::abs(v["customers"].get<int>() - 367) <= 40);
  CHECK(s["kmeans"]["k"].get<int>() >= 2);
  CHECK(s["preference_categories"].get<int>() >= 10);  // Product_Category values of the sales file
  const double r_bg = s["bgnbd"]["r"].get<double>(), a_bg = s["bgnbd"]["a"].get<double>();
  CHECK((r_bg > 0 && a_bg > 0));
  CHECK(s["gamma_gamma"]["p"].get<double>() > 0);

  // Every profile decodes and passes check_mi_profile.
  std::set<std::string> keys;
  for (const auto& snap : r.snapshots) {
    const auto verified = verify_snapshot_dir(snap.dir);
    REQUIRE_MESSAGE(verified.has_value(), (verified ? "" : verified.error().message()));
    CHECK(verified->record_count == snap.records);
    std::uint64_t decoded = 0;
    for (const auto& chunk : verified->chunks) {
      const auto profiles = decode_chunk(read_file(snap.dir / chunk_file_name(chunk.index)));
      REQUIRE(profiles.has_value());
      CHECK(profiles->size() == chunk.records);
      for (const auto& p : *profiles) {
        ++decoded;
        keys.insert(p.member_key);
        check_mi_profile(p, ids);
      }
    }
    CHECK(decoded == snap.records);
  }
  CHECK(keys.size() > 0);
  check_no_raw_ids(dir / "out", ids, true);
}

TEST_CASE("a malformed row stops the run with file and line unless skipped") {
  TempDir dir;
  write_file(dir / "c.csv", "cust,ma_fem_dv,ages,zon_hlv\nA,여성,40대,Z01\nB,남성,30대,Z01\n");
  write_file(dir / "p.csv", "pd_c,pd_nm,clac_mcls_nm,clac_hlv_nm\nP1,x,m,과자\nP2,y,m,가구\n");
  write_file(dir / "b.csv",
             "cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,buy_am,buy_ct\n"
             "A,1,1,A02,S001,P1,20220101,17,3000,1\n"
             "A,2,1,A02,S001,P2,20220301,17,abc,1\n"
             "B,3,1,A02,S001,P1,20220302,18,2000,1\n"
             "A,4,1,A02,S001,P2,20220401,17,900000,1\n");
  BatchOptions o;
  o.inputs.customers = (dir / "c.csv").string();
  o.inputs.purchases = (dir / "b.csv").string();
  o.inputs.products = (dir / "p.csv").string();
  o.out_dir = dir / "out";
  o.deployment_key = test_key();
  const auto stopped = run_profile_batch(o);
  REQUIRE_FALSE(stopped.has_value());
  CHECK(stopped.error().kind() == smartstore::ErrorKind::invalid_input);
  CHECK(stopped.error().message().find("b.csv:3") != std::string::npos);
  o.skip_bad_rows = true;
  const auto skipped = run_profile_batch(o);
  REQUIRE_MESSAGE(skipped.has_value(), error_text(skipped));
  CHECK(skipped->skipped_rows == 1);
  CHECK(skipped->purchases == 3);
  CHECK(read_file(skipped->report_html).find("b.csv:3") != std::string::npos);
  o.deployment_key.resize(16);
  CHECK_FALSE(run_profile_batch(o).has_value());
}
