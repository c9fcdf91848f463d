#pragma once
// The HQ nightly as one command (smartstore-hq nightly, docs/hq.md): the
// day-close check, the exports the batch reads (store events, the erasure
// list), the batch with them, and the publish of what kiosks need — each
// store's snapshot, erasures not yet confirmed, the catalog and the batch's
// dip campaign. Idempotent: a second run over the same inputs rebuilds
// nothing and sends nothing.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/sync/broker_options.h"
#include "smartstore/sync/erasure.h"
#include "smartstore/sync/hq.h"

namespace smartstore::sync {

struct NightlyOptions {
  std::string db;   // HQ's event store, as for ingest
  std::string day;  // the business day the stores closed (YYYY-MM-DD)
  // customers.csv, purchases.csv, products.csv; members.csv and sessions.csv when present.
  std::filesystem::path exports;
  std::filesystem::path work;  // work/<day>/ holds the run; work/nightly-state.json what was sent
  std::vector<std::string> stores;
  std::filesystem::path deployment_key;
  std::filesystem::path models_program = "smartstore-models";
  BrokerOptions broker;  // uri empty: built, nothing sent
  std::filesystem::path signing_key_file;
  std::filesystem::path catalog;  // a catalog JSON, sent to every store when it changed; may be empty
  bool campaigns_from_batch = true;
  // The batch's --memory-budget (e.g. "2G"): a chain too large for the
  // machine's memory runs out of core (docs/models.md, "The sharded batch");
  // empty: build's own default.
  std::string memory_budget;
};

struct NightlyReport {
  DayReport day;                        // the day-close check
  std::vector<std::string> not_closed;  // stores with no day-close for the day: counted next night
  std::uint64_t gaps = 0;               // events stores counted that HQ still lacks
  std::size_t erased_members = 0;
  std::size_t consent_withdrawn = 0;  // members the batch wrote consent false for
  std::uint64_t exposures = 0;        // coupon issues and hold-outs the batch's uplift report read
  bool rebuilt = false;               // false: inputs as in the last run, its snapshots kept
  std::vector<std::pair<std::string, std::int64_t>> published;  // store, snapshot version sent now
  std::vector<std::string> deltas;  // of those, the stores sent a delta (the rest the full snapshot)
  std::size_t snapshots_already_sent = 0;
  ErasureResend erasures;
  bool catalog_sent = false;
  bool campaigns_sent = false;
  std::filesystem::path run_dir;
};

// Errors name the step that failed (its program's exit code, the file or the
// broker); what was done before it stays done and is not repeated next run.
[[nodiscard]] Result<NightlyReport> run_nightly(const NightlyOptions& options);
// The report as text lines for the operator (and the journal).
[[nodiscard]] std::string nightly_summary(const NightlyReport& report);

}  // namespace smartstore::sync
