#pragma once
// The one ranking behind both recommend_unbought overloads (SGD
// factorization and implicit ALS): they differ only in the score.
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "smartstore/models/matrix_factorization.h"

namespace smartstore::models::predictive {

// The n categories with the highest score(c) among those the customer has
// not bought, best first; equal scores keep the lower category index first.
template <class Score>
std::vector<std::size_t> top_unbought(const SpendMatrix& spend, std::size_t customer, std::size_t n, Score score) {
  std::vector<std::pair<double, std::size_t>> scored;
  for (std::size_t c = 0; c < spend.categories; ++c)
    if (spend.at(customer, c) <= 0) scored.emplace_back(score(c), c);
  const std::size_t keep = std::min(n, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::vector<std::size_t> out;
  out.reserve(keep);
  for (std::size_t i = 0; i < keep; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace smartstore::models::predictive
