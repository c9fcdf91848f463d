#pragma once
// Internal: the store's side of the nightly day-close (docs/sync-protocol.md).
// Which days were sent and wait for HQ's answer, when to send one again, and
// what an answer means for the store's events: confirmed or to be resent.
// Owned by the agent's worker thread; not thread-safe.
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace smartstore::sync::detail {

// HQ's answer for one event type of a day.
struct DayCloseAnswerType {
  std::string type;
  bool match = false;
  // The digest HQ matched; empty from an HQ that sends none.
  std::string ids_sha256;
  // When not matched: the ids HQ holds.
  std::vector<std::string> held_ids;
};

struct DayCloseAnswer {
  std::string day;
  std::string close_id;  // empty from an HQ before close ids
  std::vector<DayCloseAnswerType> types;
};

// What answers mean for the store's events of a day.
struct Settlement {
  std::vector<std::string> confirmed;  // HQ holds them: acknowledged
  std::vector<std::string> resend;     // HQ lacks them: send again
};

class DayCloseTracker {
 public:
  using Clock = std::chrono::steady_clock;

  // answer_after: how long the first send waits for an answer; each further
  // send of the same day waits twice as long, up to 64 times.
  explicit DayCloseTracker(std::chrono::milliseconds answer_after) : answer_after_(answer_after) {}

  // A send of `day` with its close id and event types. Recorded before
  // publishing: HQ's answer can overtake the broker's PUBACK, and a publish
  // that fails is then sent again when due().
  void sent(const std::string& day, const std::string& close_id, std::vector<std::string> types,
            Clock::time_point now);

  // Days whose last send has waited its time without an answer.
  [[nodiscard]] std::vector<std::string> due(Clock::time_point now) const;

  enum class Outcome {
    closed,        // answers the last send: the day no longer waits
    earlier_send,  // answers an older send (queued at the broker): still waiting
    not_awaited,   // no send of this day waits (answered already, or before a restart)
  };
  // Only the answer echoing the last send's close id closes the day; from an
  // HQ without close ids, one listing the last send's event types does.
  Outcome answered(const DayCloseAnswer& answer);

  [[nodiscard]] bool awaiting(const std::string& day) const { return unanswered_.count(day) > 0; }
  // Close id of the last send of `day`, "" when none waits.
  [[nodiscard]] std::string last_close_id(const std::string& day) const;

  // The store's `ids` of one (day, type), sorted, against HQ's answer for it.
  // A match confirms them only when they are still the set the day-close
  // counted (its digest): events journalled since were never published, and
  // confirming them would mean never sending them.
  static void settle(const DayCloseAnswerType& answer, std::vector<std::string> ids, Settlement& out);

 private:
  struct Sent {
    Clock::time_point at;
    unsigned attempts = 0;
    std::string close_id;
    std::vector<std::string> types;  // sorted
  };
  std::chrono::milliseconds answer_after_;
  std::map<std::string, Sent> unanswered_;  // day -> its last send
};

}  // namespace smartstore::sync::detail
