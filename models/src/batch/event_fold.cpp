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
  return item.category == 0 ? fold.product_category[item.product] : fold.code_category[item.category];
}

}  // namespace

Result<StoreInputs> read_store_inputs(const BatchInputs& in, unsigned threads) {
  StoreInputs out;
  if (!in.events.empty()) {
    auto events = read_store_events(in.events, EventsReadOptions{threads});
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
  fold.events = &events;
  fold.counts.rows = events.rows;
  if (events.members.empty()) return fold;
  // Each code the notes use, resolved once: as a category name, as a
  // product's category and as the till's product id.
  std::unordered_map<std::string_view, std::int32_t> category_id, product_category;
  for (std::size_t c = 0; c < f.categories.size(); ++c)
    category_id.emplace(f.categories[c], static_cast<std::int32_t>(c));
  for (const auto& p : tables.products)
    if (auto id = category_id.find(p.category); id != category_id.end())
      product_category.emplace(p.pd_c, id->second);
  std::unordered_map<std::string_view, std::uint32_t> product_id;
  const auto& products = tables.purchases.products;
  for (std::uint32_t p = 0; p < products.size(); ++p) product_id.emplace(products.name(p), p);
  const std::size_t codes = events.codes.size();
  fold.code_category.assign(codes, -1);
  fold.product_category.assign(codes, -1);
  fold.product_id.assign(codes, kNoMember);
  for (std::size_t k = 1; k < codes; ++k) {
    const std::string_view code = events.codes[k];
    if (auto it = category_id.find(code); it != category_id.end()) fold.code_category[k] = it->second;
    if (auto it = product_category.find(code); it != product_category.end())
      fold.product_category[k] = it->second;
    if (auto it = product_id.find(code); it != product_id.end()) fold.product_id[k] = it->second;
  }
  fold.member_of.assign(keys.size(), kNoMember);
  for (std::uint32_t c = 0; c < keys.size(); ++c)
    if (const auto m = events.member_of(keys[c])) {
      fold.member_of[c] = *m;
      fold.customers.push_back(c);
    }
  fold.counts.members = fold.customers.size();
  fold.counts.unknown_members = events.members.size() - fold.customers.size();
  return fold;
}

void fold_sold_items(const Tables& tables, Facts& f, EventFold& fold) {
  if (fold.customers.empty()) return;
  const auto& pt = tables.purchases;
  const StoreEvents& events = *fold.events;
  // The (customer, day) pairs of noted sales, then what the till has on
  // those days, sorted for lookup: (customer, day, product) and (customer,
  // day, category). Most notes fall on days the member bought nothing at the
  // till, so these stay small however many purchase lines there are.
  std::vector<std::uint32_t> start(f.n + 1, 0);  // each customer's noted days: days[start[c], start[c + 1])
  std::vector<Day> days;
  for (std::uint32_t c : fold.customers) {
    for (const NotedItem& item : events.items_of(fold.member_of[c]))
      if (item.kind == NotedKind::sold) days.push_back(item.day);
    start[c + 1] = static_cast<std::uint32_t>(days.size());
  }
  for (std::size_t c = 1; c <= f.n; ++c) start[c] = std::max(start[c], start[c - 1]);
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
  auto on_till = [&](std::uint32_t c, const NotedItem& item, std::int32_t cat) {
    if (item.product == 0)
      return std::binary_search(categories.begin(), categories.end(), Line{c, item.day, cat});
    const std::uint32_t id = fold.product_id[item.product];
    return id != kNoMember && std::binary_search(products.begin(), products.end(), Line{c, item.day, id});
  };
  const std::size_t nc = f.categories.size();
  for (std::uint32_t c : fold.customers)
    for (const NotedItem& item : events.items_of(fold.member_of[c])) {
      if (item.kind != NotedKind::sold) continue;
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
  if (fold.customers.empty()) return;
  fold.table = s.table;
  for (std::uint32_t c : fold.customers) {
    const MemberEvents& e = fold.events->members[fold.member_of[c]];
    if (e.deliberation_notes == 0) continue;
    const double mean = e.deliberation_total_min / static_cast<double>(e.deliberation_notes);
    BehaviourType online = BehaviourType::easygoing;
    for (BehaviourType t : {BehaviourType::meticulous, BehaviourType::mania, BehaviourType::easygoing})
      if (to_string(t) == s.behaviour[c]) online = t;
    s.behaviour[c] = std::string(to_string(combined_behaviour(online, mean, rule)));
  }
}

void add_survey_answers(const EventFold& fold, const std::vector<std::string>& keys,
                        std::unordered_map<std::string, std::string>& favourite) {
  for (std::uint32_t c : fold.customers)
    if (const auto answer = fold.events->members[fold.member_of[c]].survey_favourite; answer != 0)
      favourite[keys[c]] = fold.events->text(answer);
}

namespace {

// Report 000's index over purchases plus kConsideredWeight per considered
// and kShownWeight per shown item, for the categories with such an item
// (the index over all of them, so the values compare with `prefs`), best
// first; count = the items considered or shown there. The working arrays
// are the caller's, kept from profile to profile.
struct InterestScratch {
  std::vector<double> counts, out;
  std::vector<std::int64_t> items;
  std::vector<std::size_t> shown;  // columns with an item
};

std::vector<CategoryPreference> interest_of(std::span<const NotedItem> noted, const EventFold& fold,
                                            const Facts& f, const Scores& s, std::uint32_t c,
                                            InterestScratch& x) {
  const std::size_t m = s.model.categories.size(), nc = f.categories.size();
  x.items.assign(m, 0);
  x.shown.clear();
  std::size_t weighted = 0;
  for (const NotedItem& item : noted) {
    if (item.kind == NotedKind::sold) continue;
    const std::int32_t cat = category_of(item, fold);
    if (cat < 0 || s.model_of_category[static_cast<std::size_t>(cat)] < 0) continue;
    const auto col = static_cast<std::size_t>(s.model_of_category[static_cast<std::size_t>(cat)]);
    if (x.items[col] == 0) x.shown.push_back(col);
    x.items[col] += item.quantity;
    ++weighted;
  }
  if (weighted == 0) return {};
  x.counts.assign(m, 0.0);
  x.out.assign(m, 0.0);
  for (std::size_t k = 0; k < nc; ++k)
    if (s.model_of_category[k] >= 0)
      x.counts[static_cast<std::size_t>(s.model_of_category[k])] += f.counts[c * nc + k];
  // Purchases first, then considered, then shown: the order the sums were
  // always taken in, so the doubles come out the same.
  for (NotedKind kind : {NotedKind::considered, NotedKind::shown})
    for (const NotedItem& item : noted) {
      if (item.kind != kind) continue;
      const std::int32_t cat = category_of(item, fold);
      if (cat < 0 || s.model_of_category[static_cast<std::size_t>(cat)] < 0) continue;
      const auto col = static_cast<std::size_t>(s.model_of_category[static_cast<std::size_t>(cat)]);
      x.counts[col] += (kind == NotedKind::considered ? kConsideredWeight : kShownWeight) *
                       static_cast<double>(item.quantity);
    }
  fold.table->indices(std::span<const double>(x.counts), f.age[c], f.gender[c], x.out);
  // Best first, ties in column order (an insertion sort: a few columns).
  std::sort(x.shown.begin(), x.shown.end());
  for (std::size_t i = 1; i < x.shown.size(); ++i)
    for (std::size_t j = i; j > 0 && x.out[x.shown[j]] > x.out[x.shown[j - 1]]; --j)
      std::swap(x.shown[j], x.shown[j - 1]);
  std::vector<CategoryPreference> ranked;
  ranked.reserve(x.shown.size());
  for (std::size_t col : x.shown)
    ranked.push_back({s.model.categories[col], std::round(x.out[col] * 1000.0) / 1000.0, x.items[col]});
  return ranked;
}

}  // namespace

void apply_events(const EventFold& fold, const Facts& f, const Scores& s, std::uint32_t c,
                  CustomerProfile& p) {
  if (fold.withdrawn != nullptr && !fold.withdrawn->empty() && fold.withdrawn->count(p.member_key) > 0)
    p.consent_marketing = false;
  if (fold.member_of.empty() || fold.member_of[c] == kNoMember) return;
  const StoreEvents& events = *fold.events;
  const MemberEvents& e = events.members[fold.member_of[c]];
  thread_local InterestScratch scratch;
  p.preferred_channel = events.text(e.preferred_channel);
  p.interest = interest_of(events.items_of(fold.member_of[c]), fold, f, s, c, scratch);
  if (e.deliberation_notes > 0)
    p.deliberation_min =
        std::round(e.deliberation_total_min / static_cast<double>(e.deliberation_notes) * 10.0) / 10.0;
  const CouponFeatures coupons = coupon_features(events, e, f.as_of);
  p.coupons_issued = coupons.issued;
  p.coupons_redeemed = coupons.redeemed;
  p.coupon_redemption_rate = std::round(coupons.redemption_rate * 1000.0) / 1000.0;
  p.last_coupon = coupons.last_coupon;
  p.last_coupon_date = coupons.last_coupon_date;
  p.days_since_coupon = coupons.days_since;
}

}  // namespace smartstore::models::batch
