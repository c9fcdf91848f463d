// ctest-labels: integration
// `smartstore-models build --part i/N` as separate processes, then `merge`:
// the snapshots a plain `build` writes, byte for byte, with the stores'
// events too; and what the split options say when they are wrong.
#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/support/store_events_file.h"
#include "support/child_process.h"
#include "support/test_paths.h"

using namespace smartstore::testing;

namespace {

int run(const TempDir& dir, std::vector<std::string> args, const std::string& log,
        std::string* text = nullptr) {
  ChildProcess p(program("smartstore-models"), args, dir / log);
  const int status = p.wait(std::chrono::seconds(120));
  if (text != nullptr) *text = p.log();
  return status;
}

std::vector<std::string> build_args(const TempDir& dir, const std::string& out) {
  const auto in = dir / "in";
  return {"build",
          "--customers",
          (in / "customers.csv").string(),
          "--purchases",
          (in / "purchases.csv").string(),
          "--products",
          (in / "products.csv").string(),
          "--members",
          (in / "members.csv").string(),
          "--version",
          "202401012359",
          "--out",
          (dir / out).string()};
}

std::string chunks(const std::filesystem::path& snapshot) {
  std::string all;
  for (int i = 0; std::filesystem::exists(snapshot / ("chunk-00000" + std::to_string(i) + ".jsonl")); ++i)
    all += read_file(snapshot / ("chunk-00000" + std::to_string(i) + ".jsonl"));
  return all;
}

}  // namespace

TEST_CASE("build --part i/N in separate processes and merge write what build writes") {
  const TempDir dir;
  REQUIRE(
      run(dir,
          {"generate", "--customers", "300", "--days", "120", "--seed", "4", "--out", (dir / "in").string()},
          "generate.txt") == 0);
  REQUIRE(run(dir, build_args(dir, "whole"), "whole.txt") == 0);
  for (const char* part : {"1/2", "0/2"}) {  // in any order
    auto args = build_args(dir, "sharded");
    args.insert(args.end(), {"--part", part});
    std::string text;
    REQUIRE(run(dir, args, std::string("part") + part[0] + ".txt", &text) == 0);
    CHECK(text.find("merge --parts 2") != std::string::npos);
  }
  std::string merged;
  REQUIRE(run(dir, {"merge", "--parts", "2", "--out", (dir / "sharded").string()}, "merge.txt", &merged) ==
          0);
  CHECK(merged.find("snapshot S001") != std::string::npos);
  CHECK(merged.find("summary: ") != std::string::npos);  // the merge writes the report too
  const auto whole = nlohmann::json::parse(read_file(dir / "whole/summary.json"));
  const auto sharded = nlohmann::json::parse(read_file(dir / "sharded/summary.json"));
  for (const char* field : {"customers", "purchases", "segments", "kmeans", "dip_audience", "snapshots"})
    CHECK_MESSAGE(whole[field] == sharded[field], field);
  int stores = 0;
  for (const auto& store : std::filesystem::directory_iterator(dir / "whole/snapshots")) {
    const auto name = store.path().filename();
    CHECK(!chunks(store.path()).empty());
    CHECK(chunks(store.path()) == chunks(dir / "sharded/snapshots" / name));
    ++stores;
  }
  CHECK(stores > 0);
}

TEST_CASE("with --events, parts and a memory budget write what build writes, dip campaigns included") {
  const TempDir dir;
  REQUIRE(
      run(dir,
          {"generate", "--customers", "400", "--days", "120", "--seed", "5", "--out", (dir / "in").string()},
          "generate.txt") == 0);
  write_demo_store_events(dir / "in", dir / "events.csv", std::vector<unsigned char>(32, 0x5a));
  auto with_events = [&](const std::string& out) {
    auto args = build_args(dir, out);
    args.insert(args.end(), {"--events", (dir / "events.csv").string()});
    return args;
  };
  std::string whole;
  REQUIRE(run(dir, with_events("whole"), "whole.txt", &whole) == 0);
  for (const char* part : {"0/2", "1/2"}) {
    auto args = with_events("sharded");
    args.insert(args.end(), {"--part", part});
    REQUIRE(run(dir, args, std::string("part") + part[0] + ".txt") == 0);
  }
  REQUIRE(run(dir, {"merge", "--parts", "2", "--out", (dir / "sharded").string()}, "merge.txt") == 0);
  auto budget = with_events("budget");
  budget.insert(budget.end(), {"--memory-budget", "64K", "--fit-customers", "1000000"});
  std::string bounded;
  REQUIRE(run(dir, budget, "budget.txt", &bounded) == 0);
  // The same events folded: the counts build prints are the same.
  const auto counts = [](const std::string& log) {
    const auto at = log.find("store events: ");
    return at == std::string::npos ? std::string() : log.substr(at, log.find('\n', at) - at);
  };
  CHECK(!counts(whole).empty());
  CHECK(counts(bounded) == counts(whole));
  int stores = 0;
  for (const auto& store : std::filesystem::directory_iterator(dir / "whole/snapshots")) {
    const auto name = store.path().filename();
    CHECK(!chunks(store.path()).empty());
    CHECK(chunks(store.path()) == chunks(dir / "sharded/snapshots" / name));
    CHECK(chunks(store.path()) == chunks(dir / "budget/snapshots" / name));
    ++stores;
  }
  CHECK(stores > 0);
  CHECK(read_file(dir / "whole/dip_campaigns.json").find("demand_dip") != std::string::npos);
  for (const char* out : {"sharded", "budget"})
    CHECK(read_file(dir / out / "dip_campaigns.json") == read_file(dir / "whole/dip_campaigns.json"));
}

TEST_CASE("build and merge say what is wrong with --part, --memory-budget, --fit-customers and --parts") {
  const TempDir dir;
  const std::vector<std::pair<std::vector<std::string>, std::string>> bad{
      {{"--part", "2/2"}, "--part 2/2"},
      {{"--part", "x"}, "expected i/N"},
      {{"--memory-budget", "12X"}, "not a size"},
      {{"--memory-budget", "1G", "--part", "0/2"}, "exclude each other"},
      {{"--fit-customers", "0"}, "--fit-customers"}};
  int n = 0;
  for (const auto& [extra, said] : bad) {
    auto args = build_args(dir, "out");
    args.insert(args.end(), extra.begin(), extra.end());
    std::string text;
    CHECK(run(dir, args, "bad" + std::to_string(n++) + ".txt", &text) == 2);
    CHECK_MESSAGE(text.find(said) != std::string::npos, text);
  }
  std::string text;
  CHECK(run(dir, {"merge", "--parts", "3", "--out", (dir / "nothing").string()}, "merge.txt", &text) == 1);
  CHECK(text.find("part 0 of 3 is missing") != std::string::npos);
  CHECK(run(dir, {"merge", "--out", (dir / "nothing").string()}, "usage.txt") == 2);
}
