// The catalog as a scanner reads it: every printed form of a GTIN, and the
// retailer's product code (pd_c).
#include <doctest/doctest.h>

#include "smartstore/edge/store/gtin.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "support/test_paths.h"

using namespace smartstore;
using namespace smartstore::edge;
using smartstore::testing::TempDir;

TEST_CASE("catalog lookup: every printed form of a GTIN, and the pd_c") {
  TempDir dir;
  store::KioskStore s(dir / "kiosk.db", store::StoreOptions{"S001", 1000, 30, false});
  CHECK(store::gtin14_of("4006381333931") == "04006381333931");
  CHECK(store::gtin14_of("036000291452") == "00036000291452");
  CHECK(store::gtin14_of("96385074") == "00000096385074");
  CHECK(store::gtin14_of("10012345678902") == "10012345678902");
  CHECK_FALSE(store::gtin14_of("1234567"));
  CHECK_FALSE(store::gtin14_of("40063813339x1"));
  CHECK_FALSE(store::gtin14_of("LO1234567890"));
  // HQ lists a GTIN-12 (UPC-A), a GTIN-13, a GTIN-8 and one product without a GTIN.
  REQUIRE(s.downlink().apply_catalog(R"({"items":[
      {"gtin":"036000291452","product_code":"PD0001","name":"UPC","category":"a","offline_price_krw":1200,"online_price_krw":1200,"app_link":"l1"},
      {"gtin":"8801234567893","product_code":"PD0002","name":"EAN","category":"b","offline_price_krw":89000,"online_price_krw":85000,"app_link":"l2"},
      {"gtin":"96385074","product_code":"PD0003","name":"EAN8","category":"c","offline_price_krw":500,"online_price_krw":500,"app_link":"l3"},
      {"gtin":"","product_code":"8801234567893","name":"pd_c made of digits","category":"d","offline_price_krw":1,"online_price_krw":1,"app_link":""}]})"));
  for (const char* form : {"036000291452", "0036000291452", "00036000291452"}) {
    CAPTURE(form);
    auto p = s.catalog().find(form);
    REQUIRE(p);
    CHECK(p->name == "UPC");
    CHECK(p->gtin == "036000291452");
    CHECK(p->gtin14 == "00036000291452");
  }
  for (const char* form : {"96385074", "000096385074", "0000096385074", "00000096385074"}) {
    CAPTURE(form);
    REQUIRE(s.catalog().find(form));
    CHECK(s.catalog().find(form)->product_code == "PD0003");
  }
  // A GTIN match wins over a pd_c spelled with the same digits.
  REQUIRE(s.catalog().find("08801234567893"));
  CHECK(s.catalog().find("8801234567893")->name == "EAN");
  CHECK(s.catalog().find("08801234567893")->online_price_krw == 85000);
  CHECK(s.catalog().find("PD0002")->gtin14 == "08801234567893");
  CHECK_FALSE(s.catalog().find("8801234567890"));  // another GTIN
  CHECK_FALSE(s.catalog().find(""));               // the GTIN-less item's empty gtin14 never matches
  CHECK_FALSE(s.catalog().find("PD9999"));
}
