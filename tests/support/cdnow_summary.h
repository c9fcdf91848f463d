#pragma once
// The CDNOW summary (ID,frequency,recency,T in weeks; 2,357 customers) the
// BG/NBD test checks against its published fit and the bench times.
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "smartstore/models/rfm.h"

namespace smartstore::testing {

inline std::vector<models::RfmtRow> read_cdnow_summary(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // ID,frequency,recency,T
  std::vector<models::RfmtRow> rows;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::string id, f, r, t;
    std::getline(s, id, ',');
    std::getline(s, f, ',');
    std::getline(s, r, ',');
    std::getline(s, t, ',');
    rows.push_back({static_cast<std::uint32_t>(std::stoul(id)), std::stod(f), std::stod(r), std::stod(t), 0});
  }
  return rows;
}

}  // namespace smartstore::testing
