#include "smartstore/models/next_category.h"

#include <algorithm>
#include <cmath>

namespace smartstore::models {

NextItemModel::NextItemModel(std::size_t item_count, NextItemOptions options)
    : item_count_(item_count),
      options_(options),
      transitions_(item_count),
      from_total_(item_count, 0),
      popularity_(item_count, 0) {}

void NextItemModel::learn(const SessionHistory& history) {
  for (std::size_t s = 0; s < history.size(); ++s) {
    for (auto item : history[s]) {
      popularity_[item] += 1;
      popularity_total_ += 1;
    }
    if (s == 0) continue;
    for (auto from : history[s - 1])
      for (auto to : history[s]) {
        transitions_[from][to] += 1;
        from_total_[from] += 1;
      }
  }
}

std::vector<std::uint32_t> NextItemModel::most_popular(std::size_t n) const {
  std::vector<std::uint32_t> ids(item_count_);
  for (std::uint32_t i = 0; i < item_count_; ++i) ids[i] = i;
  std::stable_sort(ids.begin(), ids.end(), [&](auto a, auto b) { return popularity_[a] > popularity_[b]; });
  ids.resize(std::min(n, ids.size()));
  return ids;
}

std::vector<std::uint32_t> NextItemModel::recommend(const SessionHistory& history, std::size_t n) const {
  std::vector<double> score(item_count_, 0);
  if (popularity_total_ > 0)
    for (std::size_t i = 0; i < item_count_; ++i) score[i] = options_.popularity_weight * popularity_[i] / popularity_total_;
  double weight = 1.0;
  for (std::size_t back = 0; back < 2 && back < history.size(); ++back) {
    for (auto from : history[history.size() - 1 - back]) {
      if (from >= item_count_ || from_total_[from] == 0) continue;
      for (const auto& [to, count] : transitions_[from]) score[to] += weight * count / from_total_[from];
    }
    weight *= options_.previous_session_weight;
  }
  std::vector<std::uint32_t> ids(item_count_);
  for (std::uint32_t i = 0; i < item_count_; ++i) ids[i] = i;
  const std::size_t k = std::min(n, ids.size());
  std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end(),
                    [&](auto a, auto b) { return score[a] != score[b] ? score[a] > score[b] : a < b; });
  ids.resize(k);
  return ids;
}

RankingScore score_ranking(const std::vector<std::uint32_t>& ranked, const Session& actual, std::size_t k) {
  RankingScore s;
  if (actual.empty()) return s;
  double dcg = 0, ideal = 0;
  for (std::size_t r = 0; r < std::min(k, ranked.size()); ++r)
    if (std::find(actual.begin(), actual.end(), ranked[r]) != actual.end()) dcg += 1.0 / std::log2(static_cast<double>(r) + 2);
  for (std::size_t r = 0; r < std::min(k, actual.size()); ++r) ideal += 1.0 / std::log2(static_cast<double>(r) + 2);
  s.hit = dcg > 0 ? 1.0 : 0.0;
  s.ndcg = dcg / ideal;
  return s;
}

}  // namespace smartstore::models
