#pragma once
// Next-category (or next-product) recommender, standing in for report 004's
// SDM: first-order transitions between consecutive sessions of each customer
// (items of session t -> items of session t+1), scored from the customer's
// last sessions with a popularity back-off.
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace smartstore::models {

using Session = std::vector<std::uint32_t>;  // distinct item (category or SKU) ids
using SessionHistory = std::vector<Session>; // one customer's sessions in time order

struct NextItemOptions {
  double previous_session_weight = 0.5;  // decay for the session before the last
  double popularity_weight = 0.01;       // back-off for items no transition reaches
};

class NextItemModel {
 public:
  NextItemModel() = default;
  NextItemModel(std::size_t item_count, NextItemOptions options);
  void learn(const SessionHistory& history);
  // Top n items for the next session after `history`, best first.
  std::vector<std::uint32_t> recommend(const SessionHistory& history, std::size_t n) const;
  std::vector<std::uint32_t> most_popular(std::size_t n) const;

 private:
  std::size_t item_count_ = 0;
  NextItemOptions options_;
  std::vector<std::unordered_map<std::uint32_t, double>> transitions_;  // from -> (to -> count)
  std::vector<double> from_total_;
  std::vector<double> popularity_;
  double popularity_total_ = 0;
};

// Ranking quality of one list against the items actually in the next session:
// hit = any of them in the top k; nDCG = DCG over those hits / ideal DCG.
struct RankingScore {
  double hit = 0;
  double ndcg = 0;
};
RankingScore score_ranking(const std::vector<std::uint32_t>& ranked, const Session& actual, std::size_t k);

}  // namespace smartstore::models
