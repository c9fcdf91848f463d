#pragma once
// The kiosk's outbox as the sync agent drives it (sync::OutboxPort): events
// journalled with their records, drained in write order, acknowledged by HQ,
// pruned after the retention. Each call is one step under the store's lock.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/edge/kiosk_service.h"
#include "smartstore/sync/store_ports.h"

namespace smartstore::edge::store {

class KioskStore;

class Outbox final : public sync::OutboxPort {
 public:
  explicit Outbox(KioskStore& store) : store_(store) {}

  std::vector<sync::OutboxEvent> next_unsent(std::size_t max) override;
  void mark_sent(const std::vector<std::string>& event_ids) override;
  void mark_acknowledged(const std::vector<std::string>& event_ids) override;
  void mark_for_resend(const std::vector<std::string>& event_ids) override;
  std::vector<sync::DayTotals> day_totals(const std::string& day) override;
  std::vector<std::string> event_ids_of_day(const std::string& day, const std::string& type) override;
  std::uint64_t depth() override;
  std::optional<std::string> oldest_unacknowledged_created_at() override;

  // Deletes HQ-acknowledged rows older than the retention; returns how many.
  std::uint64_t prune(Clock::time_point now);

 private:
  KioskStore& store_;
};

}  // namespace smartstore::edge::store
