#include "event_fold.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>
#include <tuple>

#include "preference_table.h"

namespace smartstore::models::batch {
namespace {

// The category id of a noted item: its own category, else its product's.
std::int32_t category_of(const NotedItem& item, const EventFold& fold) {
  const auto& ids = item.category.empty() ? fold.product_category : fold.category_id;
  auto it = ids.find(item.category.empty() ? item.product_code : item.category);
  return it == ids.end() ? -1 : it->second;
}

}  // namespace

Result<StoreInputs> read_store_inputs(const BatchInputs& in) {
  StoreInputs out;
  if (!in.events.empty()) {
    auto events = read_store_events(in.events);
    if (!events) return events.error();
    out.events = std::move(*events);
  }
  if (!in.erased.empty()) {
    auto erased = read_member_list(in.erased);
    if (!erased) return erased.error();
    out.erased = std::move(*erased);
  }
  if (!in.withdrawn.empty()) {
    auto withdrawn = read_member_list(in.withdrawn);
    if (!withdrawn) return withdrawn.error();
    out.withdrawn = std::move(*withdrawn);
  }
  return out;
}

std::uint64_t erase_members(Tables& tables, const std::unordered_set<std::string>& erased,
                            std::vector<std::string>& keys) {
  if (erased.empty()) return 0;
  const std::vector<std::string_view> order = customer_order(tables);
  std::unordered_set<std::string> gone;  // raw ids, in memory only
  std::size_t kept_keys = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (erased.count(keys[i]) > 0)
      gone.emplace(order[i]);
    else if (kept_keys++ != i)
      keys[kept_keys - 1] = std::move(keys[i]);
  }
  keys.resize(kept_keys);
  if (gone.empty()) return 0;
  auto& pt = tables.purchases;
  std::erase_if(tables.customers, [&](const Customer& c) { return gone.count(c.cust) > 0; });
  std::erase_if(tables.sessions, [&](const Session& s) { return gone.count(s.cust) > 0; });
  std::vector<std::uint32_t> renumbered(pt.customers.size(), UINT32_MAX);
  Dictionary kept;
  for (std::uint32_t id = 0; id < pt.customers.size(); ++id) {
    if (gone.count(pt.customers.names[id]) > 0) continue;
    renumbered[id] = static_cast<std::uint32_t>(kept.names.size());
    kept.names.push_back(std::move(pt.customers.names[id]));
  }
  std::erase_if(pt.rows, [&](const Purchase& row) { return renumbered[row.customer] == UINT32_MAX; });
  for (auto& row : pt.rows) row.customer = renumbered[row.customer];
  pt.customers = std::move(kept);
  return gone.size();
}

EventFold index_events(const StoreEvents& events, const std::vector<std::string>& keys, const Tables& tables,
                       const Facts& f) {
  EventFold fold;
  fold.counts.rows = events.rows;
  if (events.members.empty()) return fold;
  for (std::size_t c = 0; c < f.categories.size(); ++c)
    fold.category_id.emplace(f.categories[c], static_cast<std::int32_t>(c));
  for (const auto& p : tables.products)
    if (auto id = fold.category_id.find(p.category); id != fold.category_id.end())
      fold.product_category.emplace(p.pd_c, id->second);
  for (std::uint32_t c = 0; c < keys.size(); ++c) {
    auto it = events.members.find(keys[c]);
    if (it != events.members.end()) fold.by_customer.emplace(c, &it->second);
  }
  fold.counts.members = fold.by_customer.size();
  fold.counts.unknown_members = events.members.size() - fold.by_customer.size();
  return fold;
}

void fold_sold_items(const Tables& tables, Facts& f, EventFold& fold) {
  const auto& pt = tables.purchases;
  // The (customer, day) pairs of noted sales, then what the till has on
  // those days, sorted for lookup: (customer, day, product) and (customer,
  // day, category). Most notes fall on days the member bought nothing at the
  // till, so these stay small however many purchase lines there are.
  std::vector<std::uint32_t> start(f.n + 1, 0);  // each customer's noted days: days[start[c], start[c + 1])
  for (const auto& [c, e] : fold.by_customer) start[c + 1] = static_cast<std::uint32_t>(e->sold.size());
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<Day> days(start.back());
  for (const auto& [c, e] : fold.by_customer) {
    std::uint32_t at = start[c];
    for (const NotedItem& item : e->sold) days[at++] = item.day;
  }
  using Line = std::tuple<std::uint32_t, Day, std::int64_t>;
  std::vector<Line> products, categories;
  for (const auto& row : pt.rows) {
    const auto first = days.begin() + start[row.customer], last = days.begin() + start[row.customer + 1];
    if (std::find(first, last, row.day) == last) continue;
    products.emplace_back(row.customer, row.day, row.product);
    categories.emplace_back(row.customer, row.day, f.product_category[row.product]);
  }
  for (auto* lines : {&products, &categories}) {
    std::sort(lines->begin(), lines->end());
    lines->erase(std::unique(lines->begin(), lines->end()), lines->end());
  }
  std::unordered_map<std::string_view, std::uint32_t> product_id;
  for (std::uint32_t p = 0; p < pt.products.size(); ++p) product_id.emplace(pt.products.name(p), p);
  auto on_till = [&](std::uint32_t c, const NotedItem& item, std::int32_t cat) {
    if (item.product_code.empty())
      return std::binary_search(categories.begin(), categories.end(), Line{c, item.day, cat});
    auto id = product_id.find(item.product_code);
    return id != product_id.end() &&
           std::binary_search(products.begin(), products.end(), Line{c, item.day, id->second});
  };
  const std::size_t nc = f.categories.size();
  for (const auto& [c, e] : fold.by_customer)
    for (const NotedItem& item : e->sold) {
      const std::int32_t cat = category_of(item, fold);
      if (cat < 0) {
        ++fold.counts.items_unresolved;
      } else if (on_till(c, item, cat)) {
        ++fold.counts.sold_on_till;
      } else {
        f.counts[c * nc + static_cast<std::size_t>(cat)] += static_cast<std::int32_t>(item.quantity);
        ++fold.counts.sold_counted;
      }
    }
}

void fold_scores(EventFold& fold, const DeliberationRule& rule, Scores& s) {
  if (fold.by_customer.empty()) return;
  fold.table = s.table;
  for (const auto& [c, e] : fold.by_customer) {
    if (e->deliberation_notes == 0) continue;
    const double mean = e->deliberation_total_min / static_cast<double>(e->deliberation_notes);
    BehaviourType online = BehaviourType::easygoing;
    for (BehaviourType t : {BehaviourType::meticulous, BehaviourType::mania, BehaviourType::easygoing})
      if (to_string(t) == s.behaviour[c]) online = t;
    s.behaviour[c] = std::string(to_string(combined_behaviour(online, mean, rule)));
  }
}

namespace {

// Report 000's index over purchases plus kConsideredWeight per considered
// and kShownWeight per shown item, for the categories with such an item
// (the index over all of them, so the values compare with `prefs`), best
// first; count = the items considered or shown there.
std::vector<CategoryPreference> interest_of(const MemberEvents& e, const EventFold& fold, const Facts& f,
                                            const Scores& s, std::uint32_t c) {
  const std::size_t m = s.model.categories.size(), nc = f.categories.size();
  std::vector<double> counts(m, 0.0), out(m, 0.0);
  std::vector<std::int64_t> items(m, 0);
  for (std::size_t k = 0; k < nc; ++k)
    if (s.model_of_category[k] >= 0)
      counts[static_cast<std::size_t>(s.model_of_category[k])] += f.counts[c * nc + k];
  for (const auto& [list, weight] :
       {std::pair{&e.considered, kConsideredWeight}, std::pair{&e.shown, kShownWeight}})
    for (const NotedItem& item : *list) {
      const std::int32_t cat = category_of(item, fold);
      if (cat < 0 || s.model_of_category[static_cast<std::size_t>(cat)] < 0) continue;
      const auto col = static_cast<std::size_t>(s.model_of_category[static_cast<std::size_t>(cat)]);
      counts[col] += weight * static_cast<double>(item.quantity);
      items[col] += item.quantity;
    }
  if (m == 0 || std::all_of(items.begin(), items.end(), [](std::int64_t n) { return n == 0; })) return {};
  fold.table->indices(std::span<const double>(counts), f.age[c], f.gender[c], out);
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return out[a] > out[b]; });
  std::vector<CategoryPreference> ranked;
  for (std::size_t col : order)
    if (items[col] > 0)
      ranked.push_back({s.model.categories[col], std::round(out[col] * 1000.0) / 1000.0, items[col]});
  return ranked;
}

}  // namespace

void apply_events(const EventFold& fold, const Facts& f, const Scores& s, std::uint32_t c,
                  CustomerProfile& p) {
  if (fold.withdrawn != nullptr && fold.withdrawn->count(p.member_key) > 0) p.consent_marketing = false;
  auto it = fold.by_customer.find(c);
  if (it == fold.by_customer.end()) return;
  const MemberEvents& e = *it->second;
  p.preferred_channel = e.preferred_channel;
  p.interest = interest_of(e, fold, f, s, c);
  if (e.deliberation_notes > 0)
    p.deliberation_min =
        std::round(e.deliberation_total_min / static_cast<double>(e.deliberation_notes) * 10.0) / 10.0;
  const CouponFeatures coupons = coupon_features(e, f.as_of);
  p.coupons_issued = coupons.issued;
  p.coupons_redeemed = coupons.redeemed;
  p.coupon_redemption_rate = std::round(coupons.redemption_rate * 1000.0) / 1000.0;
  p.last_coupon = coupons.last_coupon;
  p.last_coupon_date = coupons.last_coupon_date;
  p.days_since_coupon = coupons.days_since;
}

}  // namespace smartstore::models::batch
