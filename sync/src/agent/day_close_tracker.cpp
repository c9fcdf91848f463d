#include "agent/day_close_tracker.h"

#include <algorithm>
#include <unordered_set>

#include "smartstore/sync/day_close.h"

namespace smartstore::sync::detail {

void DayCloseTracker::sent(const std::string& day, const std::string& close_id,
                           std::vector<std::string> types, Clock::time_point now) {
  auto& s = unanswered_[day];
  s.at = now;
  ++s.attempts;
  s.close_id = close_id;
  std::sort(types.begin(), types.end());
  s.types = std::move(types);
}

std::vector<std::string> DayCloseTracker::due(Clock::time_point now) const {
  std::vector<std::string> out;
  for (const auto& [day, s] : unanswered_)
    if (now - s.at > answer_after_ * (1u << std::min(s.attempts - 1, 6u))) out.push_back(day);
  return out;
}

DayCloseTracker::Outcome DayCloseTracker::answered(const DayCloseAnswer& answer) {
  auto it = unanswered_.find(answer.day);
  if (it == unanswered_.end()) return Outcome::not_awaited;
  bool answers_last_send = false;
  if (answer.close_id.empty()) {
    std::vector<std::string> types;
    for (const auto& t : answer.types) types.push_back(t.type);
    std::sort(types.begin(), types.end());
    answers_last_send = types == it->second.types;
  } else {
    answers_last_send = answer.close_id == it->second.close_id;
  }
  if (!answers_last_send) return Outcome::earlier_send;
  unanswered_.erase(it);
  return Outcome::closed;
}

std::string DayCloseTracker::last_close_id(const std::string& day) const {
  auto it = unanswered_.find(day);
  return it == unanswered_.end() ? std::string() : it->second.close_id;
}

void DayCloseTracker::settle(const DayCloseAnswerType& answer, std::vector<std::string> ids,
                             Settlement& out) {
  if (answer.match) {
    if (answer.ids_sha256 == day_ids_digest(ids))
      out.confirmed.insert(out.confirmed.end(), ids.begin(), ids.end());
    return;
  }
  const std::unordered_set<std::string> at_hq(answer.held_ids.begin(), answer.held_ids.end());
  for (auto& id : ids) (at_hq.count(id) ? out.confirmed : out.resend).push_back(std::move(id));
}

}  // namespace smartstore::sync::detail
