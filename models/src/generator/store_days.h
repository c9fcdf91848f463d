#pragma once
// The generator's store days and the weeks after them (GeneratorOptions::
// campaigns): who scans, which offer they are shown or held out of, and what
// they buy afterwards. Private to the generator.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "csv_out.h"
#include "customer_draw.h"
#include "smartstore/common/holdout.h"
#include "smartstore/common/result.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/member_key.h"

namespace smartstore::models::gen {

class StoreDaysSimulation {
 public:
  // Opens exposures.csv and campaign_purchases.csv in dir; `end` is the last
  // history day (store days follow it).
  [[nodiscard]] static Result<std::unique_ptr<StoreDaysSimulation>> open(const CampaignWeeks& options,
                                                                         const std::filesystem::path& dir,
                                                                         std::uint64_t seed, std::int64_t end,
                                                                         const Catalog& catalog);
  // One customer, after its history lines are final.
  void add(std::int64_t index, const CustomerDraw& d);
  // Closes both files; storage_io when a write failed.
  [[nodiscard]] Status close();
  [[nodiscard]] std::int64_t exposures() const { return exposures_; }
  [[nodiscard]] std::int64_t purchases() const { return purchases_; }

 private:
  StoreDaysSimulation(const CampaignWeeks& options, const std::filesystem::path& dir, std::uint64_t seed,
                      std::int64_t end, const Catalog& catalog, HoldoutAssigner holdout);
  void write_exposure(const std::string& key, const std::string& offer, std::int64_t day, bool held_out,
                      const char* segment, bool redeemed);
  void write_line(const std::string& cust, std::int64_t index, int k, std::int64_t day, std::int64_t amount,
                  int store, int product);

  CampaignWeeks options_;
  std::uint64_t seed_;
  std::int64_t end_;
  const Catalog& catalog_;
  std::vector<std::string> offers_;
  std::map<std::string, double> effect_;
  HoldoutAssigner holdout_;
  MemberKeyer keyer_;
  CsvOut exposures_out_, purchases_out_;
  std::int64_t exposures_ = 0, purchases_ = 0;
};

}  // namespace smartstore::models::gen
