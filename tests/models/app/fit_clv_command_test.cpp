// ctest-labels: integration
// `smartstore-models fit-clv` on the CDNOW sample written as a CSV: the
// command must reproduce the published BG/NBD fit and count the repeat buyers.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <string>
#include <vector>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/child_process.h"
#include "support/test_paths.h"

using namespace smartstore::testing;

namespace {
nlohmann::json json_of(const std::string& log) {
  const auto begin = log.find('{');
  const auto end = log.rfind('}');
  REQUIRE(begin != std::string::npos);
  return nlohmann::json::parse(log.substr(begin, end - begin + 1));
}
}  // namespace

TEST_CASE("fit-clv reproduces the CDNOW BG/NBD fit from raw transactions") {
  TempDir dir;
  {
    std::ofstream csv(dir / "cdnow.csv");
    csv << "order_id,customer,when,spend_usd\r\n";  // extra column, CRLF
    std::ifstream in(data_path("analytics/CDNOW_sample.txt"));
    std::string master, id, date, cds, usd;
    int n = 0;
    while (in >> master >> id >> date >> cds >> usd) csv << ++n << "," << id << "," << date << ",\"" << usd << "\"\r\n";
  }
  const std::vector<std::string> args{"fit-clv", "--transactions", (dir / "cdnow.csv").string(), "--customer-col",
                                      "customer", "--date-col", "when", "--amount-col", "spend_usd",
                                      "--calibration-end", "1997-09-30", "--unit-multiplier", "7"};
  ChildProcess p(program("smartstore-models"), args, dir / "log.txt");
  REQUIRE(p.wait(std::chrono::seconds(30)) == 0);
  const auto j = json_of(p.log());
  CHECK(j["transactions"] == 6919);
  CHECK(j["customers"] == 2357);
  CHECK(j["bgnbd"]["sample_size"] == 2357);
  // Exact weeks rather than the published summary's 2-decimal ones: the
  // parameters agree to 1e-4 relative (bgnbd_test checks 4 decimals on the summary).
  CHECK(j["bgnbd"]["r"].get<double>() == doctest::Approx(0.2426).epsilon(1e-4));
  CHECK(j["bgnbd"]["alpha"].get<double>() == doctest::Approx(4.4135).epsilon(1e-4));
  CHECK(j["bgnbd"]["a"].get<double>() == doctest::Approx(0.7929).epsilon(1e-4));
  CHECK(j["bgnbd"]["b"].get<double>() == doctest::Approx(2.4258).epsilon(1e-4));
  CHECK(j["bgnbd"]["log_likelihood"].get<double>() == doctest::Approx(-9582.43).epsilon(1e-4));
  CHECK(j["gamma_gamma"]["sample_size"] == 946);
  // Unrounded mean spends: lifetimes' optimum on the same means.
  const auto to4 = [](const nlohmann::json& x) { return std::round(x.get<double>() * 1e4) / 1e4; };
  CHECK(to4(j["gamma_gamma"]["p"]) == 6.2496);
  CHECK(to4(j["gamma_gamma"]["v"]) == 15.4435);
  CHECK(j["gamma_gamma"]["monetary_rounded_to_cents"] == false);
  // --round-cents: the means as lifetimes' data file holds them, and its
  // published fit to the 4 printed decimals.
  auto rounded_args = args;
  rounded_args.push_back("--round-cents");
  ChildProcess r(program("smartstore-models"), rounded_args, dir / "log-rounded.txt");
  REQUIRE(r.wait(std::chrono::seconds(30)) == 0);
  const auto g = json_of(r.log())["gamma_gamma"];
  CHECK(g["sample_size"] == 946);
  CHECK(g["monetary_rounded_to_cents"] == true);
  CHECK(to4(g["p"]) == 6.2488);
  CHECK(to4(g["q"]) == 3.7446);
  CHECK(to4(g["v"]) == 15.4477);
}

TEST_CASE("fit-clv names the file, line and column of a malformed row, and usage errors") {
  TempDir dir;
  write_file(dir / "bad.csv", "c,d,a\n1,2024-01-02,10\n1,2024-13-40,5\n");
  ChildProcess p(program("smartstore-models"),
                 {"fit-clv", "--transactions", (dir / "bad.csv").string(), "--customer-col", "c", "--date-col", "d",
                  "--amount-col", "a", "--calibration-end", "2024-06-30"},
                 dir / "log.txt");
  CHECK(p.wait(std::chrono::seconds(10)) == 1);
  CHECK(p.log().find("bad.csv:3") != std::string::npos);
  CHECK(p.log().find("column date (d)") != std::string::npos);
  ChildProcess q(program("smartstore-models"), {"fit-clv", "--transactions", "x.csv"}, dir / "log2.txt");
  CHECK(q.wait(std::chrono::seconds(10)) == 2);
  CHECK(q.log().find("--customer-col is required") != std::string::npos);
}
