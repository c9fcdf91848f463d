#pragma once
// The CDNOW sample as lifetimes reads it, shared by the RFM and Gamma-Gamma tests.
#include <fstream>
#include <string>
#include <vector>

#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/rfm.h"
#include "support/test_paths.h"

namespace smartstore::models::testdata {
// The CDNOW sample (whitespace-separated: master id, id, YYYYMMDD, CDs, USD).

inline std::vector<Transaction> cdnow_transactions() {
  std::ifstream in(smartstore::testing::data_path("analytics/CDNOW_sample.txt"));
  std::vector<Transaction> out;
  std::string master, id, date;
  double cds = 0, usd = 0;
  while (in >> master >> id >> date >> cds >> usd) {
    out.push_back({static_cast<std::uint32_t>(std::stoul(id)), *parse_date(date), usd});
  }
  return out;
}

// lifetimes' CDNOW summary: daily periods, calibration to 1997-09-30, in weeks.
inline RfmtOptions cdnow_options() {
  RfmtOptions o;
  o.period = Period::day;
  o.calibration_end = days_from_civil(1997, 9, 30);
  o.unit_multiplier = 7;
  return o;
}

}  // namespace smartstore::models::testdata
