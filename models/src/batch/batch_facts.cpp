#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "batch_state.h"
#include "smartstore/common/parallel.h"

namespace smartstore::models::batch {
namespace {

std::uint8_t intern8(std::vector<std::string>& names, const std::string& s) {
  auto it = std::find(names.begin(), names.end(), s);
  if (it != names.end()) return static_cast<std::uint8_t>(it - names.begin());
  names.push_back(s);
  return static_cast<std::uint8_t>(names.size() - 1);
}

template <class T>
void collect_skipped(const CsvRead<T>& read, Tables& tables) {
  tables.skipped_total += read.report.skipped;
  for (const auto& e : read.report.skipped_rows) tables.skipped.push_back(e.message());
}

}  // namespace

Status load_tables(const BatchOptions& options, Tables& tables) {
  const auto& in = options.inputs;
  auto with_skip = [&](ReadOptions r) {
    r.skip_bad_rows = r.skip_bad_rows || options.skip_bad_rows;
    return r;
  };
  // The purchases are most of the bytes: read them on a second thread while
  // this one reads the other files (the files are independent). One after
  // the other, they are read only when the others were.
  const bool parallel = options.threads > 1;
  CsvRead<PurchaseTable> purchases;
  CsvRead<std::vector<Product>> products;
  CsvRead<std::vector<Customer>> customers;
  CsvRead<std::vector<Session>> sessions;
  run_both(
      parallel,
      [&] {
        products = read_products(in.products, with_skip(in.product_options));
        if (products.ok()) customers = read_customers(in.customers, with_skip(in.customer_options));
        if (customers.ok() && products.ok() && !in.sessions.empty())
          sessions = read_sessions(in.sessions, with_skip(in.session_options));
      },
      [&] {
        if (parallel || (products.ok() && customers.ok()))
          purchases = read_purchases(in.purchases, with_skip(in.purchase_options));
      });
  auto bad = [](std::string message) -> Status {
    return fail(ErrorKind::invalid_input, std::move(message), "models");
  };
  if (!products.ok()) return bad(products.report.error->message());
  collect_skipped(products, tables);
  tables.products = std::move(products.data);
  if (!customers.ok()) return bad(customers.report.error->message());
  collect_skipped(customers, tables);
  tables.customers = std::move(customers.data);
  if (!purchases.ok()) return bad(purchases.report.error->message());
  collect_skipped(purchases, tables);
  tables.purchases = std::move(purchases.data);
  if (!in.sessions.empty()) {
    if (!sessions.ok()) return bad(sessions.report.error->message());
    collect_skipped(sessions, tables);
    tables.sessions = std::move(sessions.data);
    tables.have_sessions = true;
  }
  if (tables.purchases.rows.empty()) return bad(in.purchases + ": no purchases");
  return ok();
}

std::vector<std::string_view> customer_order(const Tables& tables) {
  const auto& pt = tables.purchases;
  std::vector<std::string_view> order(pt.customers.names.begin(), pt.customers.names.end());
  std::unordered_set<std::string_view> seen(order.begin(), order.end());
  for (const auto& c : tables.customers)
    if (seen.insert(c.cust).second) order.push_back(c.cust);
  return order;
}

namespace {

// Dense customer ids (purchasers first, then the customer file's others) with
// their gender, age band and zone.
void index_customers(const Tables& tables, Facts& f) {
  f.cust = customer_order(tables);
  f.n = f.cust.size();
  std::unordered_map<std::string_view, std::uint32_t> index;
  index.reserve(f.n);
  for (std::size_t i = 0; i < f.n; ++i) index.emplace(f.cust[i], static_cast<std::uint32_t>(i));
  f.gender.assign(f.n, 0);
  f.age.assign(f.n, 0);
  f.zone.assign(f.n, -1);
  std::unordered_map<std::string, std::int32_t> zone_ids;
  for (std::size_t z = 0; z < f.zones.size(); ++z) zone_ids.emplace(f.zones[z], static_cast<std::int32_t>(z));
  for (const auto& c : tables.customers) {
    const auto i = index.at(c.cust);
    f.gender[i] = c.gender == "F" ? 1 : c.gender == "M" ? 2 : 0;
    f.age[i] = intern8(f.ages, c.age_band);
    if (!c.zone.empty()) {
      auto [it, fresh] = zone_ids.emplace(c.zone, static_cast<std::int32_t>(f.zones.size()));
      if (fresh) f.zones.push_back(c.zone);
      f.zone[i] = it->second;
    }
  }
}

// Categories in product-file order; purchases of unlisted products count nowhere.
void index_categories(const Tables& tables, Facts& f) {
  const auto& pt = tables.purchases;
  std::unordered_map<std::string_view, std::int32_t> category_ids, product_ids;
  for (const auto& p : tables.products) {
    auto [it, fresh] = category_ids.emplace(p.category, static_cast<std::int32_t>(f.categories.size()));
    if (fresh) f.categories.push_back(p.category);
    product_ids.emplace(p.pd_c, it->second);
  }
  f.product_category.assign(pt.products.size(), -1);
  for (std::size_t p = 0; p < pt.products.size(); ++p) {
    auto it = product_ids.find(pt.products.names[p]);
    if (it != product_ids.end()) f.product_category[p] = it->second;
  }
}

// Stores: the labels used as br_c, sorted, unless given. Returns the store
// index of each purchase label (-1: not a store, or not one of the given).
std::vector<std::int32_t> index_stores(const PurchaseTable& pt, const BatchOptions& options, Facts& f) {
  std::vector<std::int32_t> store_of_label(pt.labels.size(), -1);
  std::vector<bool> is_store(pt.labels.size(), false);
  for (const auto& row : pt.rows) is_store[row.store] = true;
  if (!options.stores.empty()) {
    f.stores = options.stores;
  } else {
    for (const auto& row : pt.rows)
      if (store_of_label[row.store] < 0 && !pt.labels.name(row.store).empty()) {
        store_of_label[row.store] = static_cast<std::int32_t>(f.stores.size());
        f.stores.push_back(pt.labels.name(row.store));
      }
    std::sort(f.stores.begin(), f.stores.end());
  }
  for (std::size_t l = 0; l < pt.labels.size(); ++l) {
    if (!is_store[l]) continue;
    auto it = std::find(f.stores.begin(), f.stores.end(), pt.labels.name(static_cast<std::uint32_t>(l)));
    store_of_label[l] = it == f.stores.end() ? -1 : static_cast<std::int32_t>(it - f.stores.begin());
  }
  return store_of_label;
}

// Per customer: spend, lines per category, purchase days (first, last,
// count) and the stores visited; the as-of day.
void tally_purchases(const PurchaseTable& pt, const std::vector<std::int32_t>& store_of_label,
                     const BatchOptions& options, Facts& f) {
  const std::size_t nc = f.categories.size();
  f.counts.assign(f.n * nc, 0);
  f.total_krw.assign(f.n, 0);
  Day max_day = pt.rows.front().day;
  std::vector<std::uint64_t> customer_days;
  customer_days.reserve(pt.rows.size());
  for (const auto& row : pt.rows) {
    max_day = std::max(max_day, row.day);
    f.total_krw[row.customer] += row.amount_krw;
    const auto cat = f.product_category[row.product];
    if (cat >= 0) ++f.counts[row.customer * nc + static_cast<std::size_t>(cat)];
    // Offset keeps days before 1970 ordered as unsigned.
    customer_days.push_back(static_cast<std::uint64_t>(row.customer) << 32 |
                            static_cast<std::uint32_t>(row.day + 0x40000000));
    const auto store = store_of_label[row.store];
    if (store >= 0)
      f.visits.push_back(static_cast<std::uint64_t>(row.customer) << 32 | static_cast<std::uint32_t>(store));
  }
  f.as_of = options.as_of.value_or(max_day);
  std::sort(customer_days.begin(), customer_days.end());
  customer_days.erase(std::unique(customer_days.begin(), customer_days.end()), customer_days.end());
  f.first_day.assign(f.n, 0);
  f.last_day.assign(f.n, 0);
  f.purchase_days.assign(f.n, 0);
  for (std::uint64_t cd : customer_days) {
    const auto c = static_cast<std::size_t>(cd >> 32);
    const Day d = static_cast<Day>(static_cast<std::int64_t>(cd & 0xffffffffU) - 0x40000000);
    if (f.purchase_days[c]++ == 0) f.first_day[c] = d;
    f.last_day[c] = d;
  }
  std::sort(f.visits.begin(), f.visits.end());
  f.visits.erase(std::unique(f.visits.begin(), f.visits.end()), f.visits.end());
}

}  // namespace

Facts build_facts(const Tables& tables, const BatchOptions& options, const Facts* global) {
  Facts f;
  if (global) {
    f.ages = global->ages;
    f.zones = global->zones;
  }
  index_customers(tables, f);
  index_categories(tables, f);
  const auto store_of_label = index_stores(tables.purchases, options, f);
  tally_purchases(tables.purchases, store_of_label, options, f);
  if (global) f.as_of = global->as_of;
  return f;
}

}  // namespace smartstore::models::batch
