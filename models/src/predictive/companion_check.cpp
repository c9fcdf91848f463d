// The companion check: does the top companion by the batch's own rules beat
// the most-bought product a customer lacks, on the batch's own data? The
// rules are mined again on a sample's purchases before the last few weeks
// (nothing of those weeks leaks in) and both picks are scored on the
// products each customer buys for the first time in those weeks.
#include <algorithm>

#include "smartstore/models/profile_predictions.h"

namespace smartstore::models {
namespace {

constexpr std::size_t kMinScored = 30;  // fewer: too few to tell, the baseline decides

struct Sample {
  std::size_t stride = 1;
  std::vector<Purchase> before;
  std::vector<std::vector<std::uint32_t>> owned, fresh;  // per sampled customer (customer / stride)
};

Sample sample_purchases(const PredictionInputs& in, const PredictionOptions& o, Day cut) {
  Sample s;
  const std::size_t cap = std::max<std::size_t>(1, o.companion_check_customers);
  s.stride = std::max<std::size_t>(1, (in.customers + cap - 1) / cap);
  const std::size_t m = (in.customers + s.stride - 1) / s.stride;
  s.owned.resize(m);
  s.fresh.resize(m);
  for (const Purchase& p : in.purchases) {
    if (p.customer % s.stride != 0) continue;
    const std::size_t k = p.customer / s.stride;
    if (p.day < cut) {
      s.before.push_back(p);
      s.owned[k].push_back(p.product);
    } else if (p.day <= in.as_of) {
      s.fresh[k].push_back(p.product);
    }
  }
  for (std::size_t k = 0; k < m; ++k) {
    auto& owned = s.owned[k];
    std::sort(owned.begin(), owned.end());
    owned.erase(std::unique(owned.begin(), owned.end()), owned.end());
    auto& fresh = s.fresh[k];
    std::sort(fresh.begin(), fresh.end());
    fresh.erase(std::unique(fresh.begin(), fresh.end()), fresh.end());
    fresh.erase(
        std::remove_if(fresh.begin(), fresh.end(),
                       [&](std::uint32_t x) { return std::binary_search(owned.begin(), owned.end(), x); }),
        fresh.end());
  }
  return s;
}

// Rank (from 0) of the first offered product the customer bought; `n` when none.
template <typename Offered>
std::size_t first_hit(Offered offered, std::size_t n, const std::vector<std::uint32_t>& fresh) {
  for (std::size_t i = 0; i < n; ++i)
    if (std::binary_search(fresh.begin(), fresh.end(), offered(i))) return i;
  return n;
}

}  // namespace

CompanionCheck check_companions(const PredictionInputs& in, const PredictionOptions& o) {
  CompanionCheck check;
  check.ran = true;
  const Day cut = in.as_of + 1 - static_cast<Day>(o.companion_check_days);
  const Sample s = sample_purchases(in, o, cut);
  PredictionInputs before = in;
  before.purchases = s.before;
  before.as_of = cut - 1;
  before.conditions = nullptr;
  PredictionOptions opt = o;
  opt.check_companions = false;
  opt.forecast_categories = 0;
  const ProfilePredictions p = predict_profiles(before, opt);

  std::vector<std::int64_t> buyers(in.product_codes.size(), 0);
  for (const auto& owned : s.owned)
    for (auto x : owned) ++buyers[x];
  std::vector<std::uint32_t> popular(buyers.size());
  for (std::uint32_t x = 0; x < popular.size(); ++x) popular[x] = x;
  std::stable_sort(popular.begin(), popular.end(), [&](auto a, auto b) { return buyers[a] > buyers[b]; });

  std::size_t hits[4] = {0, 0, 0, 0};  // rules @1, @5, popular @1, @5
  std::vector<std::uint32_t> lacking;
  for (std::size_t k = 0; k < s.owned.size(); ++k) {
    const std::size_t c = k * s.stride;
    const std::uint32_t* slot = p.companions.data() + c * p.companions_per_customer;
    if (s.owned[k].empty() || s.fresh[k].empty() || p.companions_per_customer == 0 ||
        slot[0] == ProfilePredictions::kNoProduct)
      continue;
    ++check.customers;
    std::size_t offered = 0;
    while (offered < p.companions_per_customer && slot[offered] != ProfilePredictions::kNoProduct) ++offered;
    const auto r =
        first_hit([&](std::size_t i) { return p.companion_rules[slot[i]].rhs; }, offered, s.fresh[k]);
    lacking.clear();
    for (auto x : popular) {
      if (lacking.size() == 5) break;
      if (!std::binary_search(s.owned[k].begin(), s.owned[k].end(), x)) lacking.push_back(x);
    }
    const auto b = first_hit([&](std::size_t i) { return lacking[i]; }, lacking.size(), s.fresh[k]);
    hits[0] += r == 0, hits[1] += r < offered, hits[2] += b == 0, hits[3] += b < lacking.size();
  }
  const double n = check.customers ? static_cast<double>(check.customers) : 1.0;
  check.rules_hr1 = static_cast<double>(hits[0]) / n;
  check.rules_hr5 = static_cast<double>(hits[1]) / n;
  check.popular_hr1 = static_cast<double>(hits[2]) / n;
  check.popular_hr5 = static_cast<double>(hits[3]) / n;
  check.rules_win = check.customers >= kMinScored && check.rules_hr1 > check.popular_hr1;
  return check;
}

}  // namespace smartstore::models
