#pragma once
// A store-events CSV (smartstore-hq store-events' columns) for a directory
// `smartstore-models generate` wrote: every third member gets staff notes
// (sold items, one of them the till's own purchase that day, shown and
// considered items, an item noted by category), deliberation minutes, a
// survey answer and coupons, redeemed with and without the member's key;
// and rows of members who are no customer and a redemption of a coupon never
// issued. Keys are the deployment key's of each card number.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "smartstore/models/member_key.h"
#include "support/test_paths.h"

namespace smartstore::testing {

struct StoreEventsFileRows {
  std::size_t rows = 0, members = 0;
};

inline StoreEventsFileRows write_demo_store_events(const std::filesystem::path& in,
                                                   const std::filesystem::path& out,
                                                   const std::vector<unsigned char>& key) {
  auto cells = [](const std::string& line) {
    std::vector<std::string> c(1);
    for (const char ch : line) {
      if (ch == ',')
        c.emplace_back();
      else
        c.back().push_back(ch);
    }
    return c;
  };
  std::ifstream products(in / "products.csv"), purchases(in / "purchases.csv"), members(in / "members.csv");
  std::string line;
  std::vector<std::vector<std::string>> catalog;  // pd_c, pd_nm, clac_mcls_nm, clac_hlv_nm
  for (std::getline(products, line); std::getline(products, line);) catalog.push_back(cells(line));
  std::map<std::string, std::pair<std::string, std::string>> bought;  // cust -> first (pd_c, YYYY-MM-DD)
  for (std::getline(purchases, line); std::getline(purchases, line);) {
    const auto c = cells(line);
    const std::string& d = c[6];
    bought.emplace(c[0], std::pair{c[5], d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2)});
  }
  std::string csv =
      "type,member_key,day,store_id,event_id,coupon_id,product_code,category,quantity,value,text\n";
  StoreEventsFileRows n;
  auto row = [&](const std::string& type, const std::string& member, const std::string& day,
                 const std::string& coupon, const std::string& product, const std::string& category,
                 const std::string& value, const std::string& text) {
    csv += type + "," + member + "," + day + ",S001,e" + std::to_string(++n.rows) + "," + coupon + "," +
           product + "," + category + ",1," + value + "," + text + "\n";
  };
  models::MemberKeyer keyer(key);
  std::size_t i = 0;
  for (std::getline(members, line); std::getline(members, line); ++i) {
    const auto c = cells(line);
    if (i % 3 != 0 || catalog.empty()) continue;
    const std::string k = keyer.key(models::normalize_member_number(c[0]));
    const auto& p = catalog[i % catalog.size()];
    const auto till = bought.find(c[1]);
    const std::string day =
        till == bought.end() ? "2022-11-0" + std::to_string(1 + i % 9) : till->second.second;
    ++n.members;
    if (till != bought.end()) row("sold", k, day, "", till->second.first, "", "1000", "");
    row("sold", k, day, "", p[0], "", "1000", "");
    row("sold", k, "2022-12-2" + std::to_string(i % 8), "", "", p[3], "1000", "");
    row("shown", k, day, "", catalog[(i + 1) % catalog.size()][0], "", "", "");
    row("considered", k, day, "", catalog[(i + 2) % catalog.size()][0], "", "", "");
    row("deliberation", k, day, "", "", "", std::to_string(1 + i % 14), "");
    if (i % 2 == 0) row("survey", k, day, "", "", p[3], "", i % 4 ? "app" : "\"sms, kiosk\"");
    const std::string coupon = "c" + std::to_string(i);
    row("coupon_issued", k, day, coupon, "offer", "", "2000", "Thank you");
    if (i % 6 == 0) row("coupon_redeemed", "", day, coupon, "", "", "", "");
    if (i % 9 == 0) row("coupon_redeemed", k, day, coupon, "", "", "", "");
    row("deliberation", k, day, "", "", "", std::to_string(i % 5), "");
  }
  for (int u = 0; u < 5; ++u) {  // members the batch has no customer for
    const std::string k = keyer.key("unknown-" + std::to_string(u));
    row("shown", k, "2022-12-01", "", catalog.front()[0], "", "", "");
    row("coupon_issued", k, "2022-12-01", "u" + std::to_string(u), "offer", "", "2000", "Hello");
  }
  row("coupon_redeemed", "", "2022-12-02", "never-issued", "", "", "", "");
  write_file(out, csv);
  return n;
}

}  // namespace smartstore::testing
