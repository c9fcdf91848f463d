// L.Point CSV readers: header binding, quoting, CRLF, Korean text, located
// errors, skip-bad-rows, column mapping (marketing-insights data set).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "smartstore/models/lpoint_csv.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using namespace smartstore::testing;

TEST_CASE("dates: YYYYMMDD and YYYY-MM-DD to days since epoch and back") {
  CHECK(parse_date("19700101") == 0);
  CHECK(parse_date("1970-01-02") == 1);
  CHECK(parse_date("20180401") == days_from_civil(2018, 4, 1));
  CHECK(format_date(*parse_date("20240229")) == "2024-02-29");
  CHECK(format_date(-1) == "1969-12-31");
  CHECK_FALSE(parse_date("20230229").has_value());
  CHECK_FALSE(parse_date("2023-1-01").has_value());
  CHECK_FALSE(parse_date("2023x0101").has_value());
}

TEST_CASE("purchases by header name, any order, quoted fields, CRLF, extra columns") {
  TempDir dir;
  write_file(dir / "p.csv",
             "\xEF\xBB\xBF"
             "extra,buy_ct,buy_am,de_hr,de_dt,pd_c,br_c,cop_c,chnl_dv,rct_no,cust\r\n"
             "\"x,y\",2,\"15000\",13,20220105,PD0001,B001,A01,1,R1,M000001\r\n"
             "\"say \"\"hi\"\"\",1,990,9,2022-01-06,PD0002,B001,A01,2,R2,M000002\r\n"
             "\r\n"
             "z,1,5000,23,20220107,PD0001,B002,A02,1,R3,M000001\r\n");
  const auto r = read_purchases((dir / "p.csv").string());
  REQUIRE(r.ok());
  CHECK(r.report.rows == 3);
  const PurchaseTable& t = r.data;
  REQUIRE(t.rows.size() == 3);
  CHECK(t.customers.name(t.rows[0].customer) == "M000001");
  CHECK(t.rows[2].customer == t.rows[0].customer);
  CHECK(t.products.name(t.rows[1].product) == "PD0002");
  CHECK(t.rows[0].amount_krw == 15000);
  CHECK(t.rows[0].quantity == 2);
  CHECK(t.rows[0].hour == 13);
  CHECK(t.rows[1].day == days_from_civil(2022, 1, 6));
  CHECK(t.labels.name(t.rows[2].store) == "B002");
  CHECK(t.labels.name(t.rows[1].channel) == "2");
  CHECK(t.receipts.name(t.rows[1].receipt) == "R2");
}

TEST_CASE("a malformed row stops reading with file, line, column and what was expected") {
  TempDir dir;
  const std::string header = "cust,rct_no,chnl_dv,cop_c,br_c,pd_c,de_dt,de_hr,buy_am,buy_ct\n";
  write_file(dir / "p.csv",
             header + "C1,R1,1,A01,B1,P1,20220101,10,1000,1\n" + "C2,R2,1,A01,B1,P1,20220101,10,12.5x,1\n" +
                 "C3,R3,1,A01,B1,P1,20221340,10,1000,1\n" + "C4,R4,1,A01,B1,P1,20220101,10,1000,1\n");
  const auto stop = read_purchases((dir / "p.csv").string());
  REQUIRE_FALSE(stop.ok());
  const smartstore::Error& e = *stop.report.error;
  CHECK(e.kind() == smartstore::ErrorKind::invalid_input);
  CHECK(e.message().find("p.csv:3: column buy_am: expected an integer amount in KRW, found \"12.5x\"") !=
        std::string::npos);
  REQUIRE(e.fields().size() == 1);
  CHECK(e.fields()[0].field.ends_with("p.csv:3: buy_am"));
  CHECK(e.fields()[0].message == "expected an integer amount in KRW, found \"12.5x\"");
  CHECK(stop.data.rows.size() == 1);

  ReadOptions skip;
  skip.skip_bad_rows = true;
  const auto kept = read_purchases((dir / "p.csv").string(), skip);
  REQUIRE(kept.ok());
  CHECK(kept.data.rows.size() == 2);
  CHECK(kept.report.skipped == 2);
  REQUIRE(kept.report.skipped_rows.size() == 2);
  CHECK(kept.report.skipped_rows[1].message().find("p.csv:4: column de_dt: ") != std::string::npos);

  write_file(dir / "missing.csv", "cust,rct_no\nC1,R1\n");
  const auto missing = read_purchases((dir / "missing.csv").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.report.error->message().find("missing.csv:1: column chnl_dv: expected a header column") !=
        std::string::npos);
  CHECK_FALSE(read_purchases((dir / "nope.csv").string()).ok());
  write_file(dir / "quote.csv", header + "C1,R1,1,A01,B1,\"P1,20220101,10,1000,1\n");
  CHECK(
      read_purchases((dir / "quote.csv").string()).report.error->message().find("expected a closing quote") !=
      std::string::npos);
}

TEST_CASE("customers, products and sessions with Korean text and normalized codes") {
  TempDir dir;
  write_file(dir / "c.csv", "cust,ma_fem_dv,ages,zon_hlv\nM1,여성,20대,Z17\nM2,남성,60대,Z01\nM3,,,\n");
  const auto c = read_customers((dir / "c.csv").string());
  REQUIRE(c.ok());
  REQUIRE(c.data.size() == 3);
  CHECK(c.data[0].gender == "F");
  CHECK(c.data[0].age_band == "20s");
  CHECK(c.data[1].gender == "M");
  CHECK(c.data[1].age_band == "60s");
  CHECK(c.data[2].gender.empty());
  CHECK(c.data[1].zone == "Z01");

  write_file(
      dir / "pd.csv",
      "pd_c,pd_nm,clac_mcls_nm,clac_hlv_nm\nPD1,\"립스틱, 레드\",립메이크업,화장품/뷰티케어\nPD1,dup,x,y\n");
  const auto p = read_products((dir / "pd.csv").string());
  REQUIRE(p.ok());
  REQUIRE(p.data.size() == 1);
  CHECK(p.data[0].name == "립스틱, 레드");
  CHECK(p.data[0].category == "화장품/뷰티케어");

  write_file(dir / "s.csv",
             "cust,sess_id,sess_dt,tot_pag_view_ct,tot_sess_hr_v,search_cnt\nM1,S1,20180401,12,340,3\nM1,S2,"
             "20180402,,,\n");
  const auto s = read_sessions((dir / "s.csv").string());
  REQUIRE(s.ok());
  REQUIRE(s.data.size() == 2);
  CHECK(s.data[0].session_seconds == 340);
  CHECK(s.data[0].searches == 3);
  CHECK(s.data[1].page_views == 0);
}

TEST_CASE("the marketing-insights files load through the documented mapping") {
  const auto sales = data_path("analytics/mi_online_sales.csv").string();
  const auto purchases = read_purchases(sales, mi_sales_purchase_options());
  REQUIRE(purchases.ok());
  CHECK(purchases.data.rows.size() == 52924);
  CHECK(purchases.data.customers.size() == 1468);
  // First row: 1 × 153.71 USD at 1,166 KRW/USD.
  CHECK(purchases.data.rows[0].amount_krw == 179226);
  CHECK(purchases.data.rows[3].amount_krw == std::llround(5 * 17.53 * 1166));
  CHECK(purchases.data.rows[0].day == days_from_civil(2019, 1, 1));
  CHECK(purchases.data.rows[0].hour == -1);
  const auto products = read_products(sales, mi_sales_product_options());
  REQUIRE(products.ok());
  CHECK(products.data.size() == purchases.data.products.size());
  std::set<std::string> categories;
  for (const Product& p : products.data) categories.insert(p.category);
  CHECK(categories.count("Nest-USA") == 1);
  CHECK(categories.count("Apparel") == 1);
  const auto customers =
      read_customers(data_path("analytics/mi_customers.csv").string(), mi_customer_options());
  REQUIRE(customers.ok());
  CHECK(customers.data.size() == 1468);
  CHECK(customers.data[0].gender == "M");
  CHECK(customers.data[0].zone == "Chicago");
  CHECK(customers.data[0].age_band.empty());
}

TEST_CASE("several quoted fields with doubled quotes in one record keep their own text") {
  // Unescaping the second field must not move the first one's buffer (its
  // view would dangle): a case the lpoint_csv fuzzer found.
  TempDir dir;
  write_file(dir / "c.csv",
             "cust,ma_fem_dv,ages,zon_hlv\n"
             "\"A\"\"1\",\"F\",\"4\"\"0\",\"Z\"\"9\"\"x\"\n"
             "\"\"\"\",,,\"\"\"\"\"\"\"\"\n");
  const auto r = read_customers((dir / "c.csv").string());
  REQUIRE_MESSAGE(r.ok(), r.report.error->message());
  REQUIRE(r.data.size() == 2);
  CHECK(r.data[0].cust == "A\"1");
  CHECK(r.data[0].zone == "Z\"9\"x");
  CHECK(r.data[1].cust == "\"");
  CHECK(r.data[1].zone == "\"\"\"");
}
