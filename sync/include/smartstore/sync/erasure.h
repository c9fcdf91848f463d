#pragma once
// HQ's erasure list: members who asked to be forgotten, at HQ (`smartstore-hq
// erase`) or at a store (staff's confirmed "forget this member", which reaches
// HQ as a member_erase_requested event). A listed member stays listed: every
// store is sent the erasure (the erasures downlink), the batch leaves the
// member out (its --erased file, export_erasures), and HQ's stored event
// payloads no longer name them. docs/hq.md "Erasure".
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/sync/broker_options.h"

namespace smartstore::sync {

struct EraseOptions {
  std::string db;        // SQLite file or postgresql:// URL, as for ingest
  BrokerOptions broker;  // uri empty: listed only; the nightly sends it
  std::filesystem::path signing_key_file;
};

struct EraseOutcome {
  bool newly_listed = false;          // false: the member was already listed
  std::uint64_t events_scrubbed = 0;  // stored events whose payload named the member
  std::vector<std::string> stores_sent;
};

// Lists the member (origin "hq"), scrubs HQ's stored payloads and sends the
// erasure to every store HQ knows. Errors: invalid_input (not a member key),
// unavailable (the database or the broker; the member is listed all the same
// when only the broker failed, and the nightly sends it).
[[nodiscard]] Result<EraseOutcome> erase_member(const EraseOptions& options, const std::string& member_key);

// The list as the batch's --erased file: '#' comment lines, then one member
// key per line, sorted; created 0600. How many members.
[[nodiscard]] Result<std::size_t> export_erasures(const std::string& db, const std::filesystem::path& out);

struct ErasureResend {
  std::size_t listed = 0;        // members on the list
  std::size_t members_sent = 0;  // (store, member) pairs not yet confirmed, sent again
  std::size_t stores_sent = 0;   // one message per such store
};

// Each listed member sent again to each store HQ knows that has not confirmed
// it (no erasure_done or member_erase_requested event from that store naming
// the member): a store that was offline, or new since. Nothing is sent once
// every store has confirmed; with no broker, only counted.
[[nodiscard]] Result<ErasureResend> send_unconfirmed_erasures(const EraseOptions& options);

}  // namespace smartstore::sync
