// ctest-labels: unit
// The generator's catalog.json: every product of products.csv, each with a
// valid GTIN-13 (the demo's shelf code among them), the one price the chain
// charges online and in store, and an app link; kiosks take the file as it is.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "smartstore/models/generator.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;

namespace {

bool valid_gtin13(const std::string& g) {
  if (g.size() != 13) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) sum += (g[i] - '0') * (i % 2 ? 3 : 1);
  return g[12] - '0' == (10 - sum % 10) % 10;
}

}  // namespace

TEST_CASE("catalog.json lists every product with a GTIN, its price online and in store, and an app link") {
  TempDir dir;
  GeneratorOptions o;
  o.customers = 200;
  o.days = 30;
  REQUIRE(generate_demo_data(o, dir.path()).has_value());
  auto doc = nlohmann::json::parse(read_file(dir / "catalog.json"));
  const auto& items = doc.at("items");
  // products.csv: a header, each product, and the voucher line that is no product.
  std::size_t lines = 0;
  for (char c : read_file(dir / "products.csv")) lines += c == '\n';
  CHECK(items.size() == lines - 2);
  std::set<std::string> gtins;
  for (const auto& it : items) {
    const std::string gtin = it.at("gtin");
    INFO(gtin);
    CHECK(valid_gtin13(gtin));
    CHECK(gtins.insert(gtin).second);
    CHECK(it.at("online_price_krw").get<long>() == it.at("offline_price_krw").get<long>());
    CHECK(it.at("online_price_krw").get<long>() > 0);
    CHECK(it.at("app_link").get<std::string>().rfind("https://", 0) == 0);
  }
  CHECK(items.at(0).at("gtin") == "8801234567893");
  CHECK(items.at(0).at("product_code") == "P00000");
}
