#pragma once
// Demo data with a planted uplift (GeneratorOptions::campaigns): the
// generator's options and the files the uplift report reads from what it wrote.
#include <cstdint>
#include <filesystem>

#include "smartstore/models/generator.h"
#include "smartstore/models/uplift_inputs.h"

namespace smartstore::testing {

// star_thank_you planted at `effect`, `control_bp` of each campaign held out.
inline models::GeneratorOptions planted_uplift(std::int64_t customers, std::uint64_t seed, double effect,
                                               std::uint32_t control_bp) {
  models::GeneratorOptions o;
  o.customers = customers;
  o.seed = seed;
  o.write_sessions = false;
  o.campaigns.simulate = true;
  o.campaigns.planted = {{"star_thank_you", effect}};
  o.campaigns.control_bp = control_bp;
  return o;
}

// exposures.csv, purchases.csv + campaign_purchases.csv and members.csv in `dir`.
inline models::UpliftFiles planted_uplift_files(const std::filesystem::path& dir) {
  models::UpliftFiles files;
  files.exposures = (dir / "exposures.csv").string();
  files.purchases = {(dir / "purchases.csv").string(), (dir / "campaign_purchases.csv").string()};
  files.members = (dir / "members.csv").string();
  files.deployment_key = models::demo_deployment_key();
  files.threads = 2;
  return files;
}

}  // namespace smartstore::testing
