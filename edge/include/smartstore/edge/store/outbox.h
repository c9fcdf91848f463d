#pragma once
// The kiosk's outbox as the sync agent drives it (sync::OutboxPort): events
// journalled with their records, drained in write order, acknowledged by HQ,
// pruned after the retention. Each call is one step under the store's lock.
// The journal, the note book and the downlink add rows inside their own
// transactions (enqueue), and count them once committed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/error.h"
#include "smartstore/edge/kiosk_service.h"
#include "smartstore/sync/store_ports.h"

namespace smartstore::edge::store {

class StoreDatabase;
struct StoreOptions;

class Outbox final : public sync::OutboxPort {
 public:
  // `options`: the bound and the retention, read on each call (set_limits may change them).
  Outbox(StoreDatabase& db, const StoreOptions& options);
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  std::vector<sync::OutboxEvent> next_unsent(std::size_t max) override;
  Status mark_sent(const std::vector<std::string>& event_ids) override;
  Status mark_acknowledged(const std::vector<std::string>& event_ids) override;
  Status mark_for_resend(const std::vector<std::string>& event_ids) override;
  std::vector<sync::DayTotals> day_totals(const std::string& day) override;
  std::vector<std::string> event_ids_of_day(const std::string& day, const std::string& type) override;
  std::uint64_t depth() override;
  std::optional<std::string> oldest_unacknowledged_created_at() override;

  // Deletes HQ-acknowledged rows older than the retention; returns how many.
  std::uint64_t prune(Clock::time_point now);

 private:
  friend class Journal;
  friend class NoteBook;
  friend class DownlinkApplier;
  friend class KioskStore;  // counters
  [[nodiscard]] bool full() const;
  // Counted: the refusal of a write that would pass the bound, naming it.
  [[nodiscard]] Error refusal(std::string_view what);
  // Inside the caller's transaction; returns the rows added, which the caller
  // passes to committed() only after the commit: a rolled-back row is never counted.
  [[nodiscard]] std::uint64_t enqueue(const std::string& event_id, const std::string& type,
                                      const std::string& day, const std::string& created_at,
                                      const std::string& payload);
  void committed(std::uint64_t rows) { unacked_ += rows; }

  StoreDatabase& db_;
  const StoreOptions& options_;
  std::uint64_t unacked_ = 0;
  std::uint64_t refused_ = 0;
};

}  // namespace smartstore::edge::store
