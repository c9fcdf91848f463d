#pragma once
// An outbox port that passes every call to another one: tests derive from it
// to watch or hold back what the agent reads (next_unsent) and leave the
// rest to the real outbox.
#include <optional>
#include <string>
#include <vector>

#include "smartstore/sync/store_ports.h"

namespace smartstore::testing {

class OutboxRelay : public sync::OutboxPort {
 public:
  explicit OutboxRelay(sync::OutboxPort& inner) : inner_(inner) {}
  std::vector<sync::OutboxEvent> next_unsent(std::size_t max) override { return inner_.next_unsent(max); }
  Status mark_sent(const std::vector<std::string>& ids) override { return inner_.mark_sent(ids); }
  Status mark_acknowledged(const std::vector<std::string>& ids) override {
    return inner_.mark_acknowledged(ids);
  }
  Status mark_for_resend(const std::vector<std::string>& ids) override { return inner_.mark_for_resend(ids); }
  std::vector<sync::DayTotals> day_totals(const std::string& day) override { return inner_.day_totals(day); }
  std::vector<std::string> event_ids_of_day(const std::string& day, const std::string& type) override {
    return inner_.event_ids_of_day(day, type);
  }
  std::uint64_t depth() override { return inner_.depth(); }
  std::optional<std::string> oldest_unacknowledged_created_at() override {
    return inner_.oldest_unacknowledged_created_at();
  }

 protected:
  sync::OutboxPort& inner_;
};

}  // namespace smartstore::testing
