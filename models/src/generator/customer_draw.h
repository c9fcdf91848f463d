#pragma once
// What the generator draws for one customer before writing it: the catalogue
// they buy from, their active window, baskets and browsing sessions. Private
// to the generator (models/src/generator).
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "demo_customer.h"
#include "rng.h"

namespace smartstore::models::gen {

struct DemoProduct {
  int category = 0;
  int mid = 0;
  std::int64_t price = 0;
};

// Products of each category sorted by price so an archetype can pick the
// cheap or the costly end of a category.
struct Catalog {
  std::vector<DemoProduct> products;             // pd_c = "P" + 5 digits of index
  std::vector<std::pair<int, int>> by_category;  // [first, count) per category
};

struct Window {
  std::int64_t first = 0;
  std::int64_t last = 0;
  int visits = 1;
};

struct Session {
  int id = 0;
  std::int64_t day = 0, pages = 0, secs = 0, searches = 0;
};

// One purchase line, kept until the customer's lines are complete so that a
// purchase target can add or trim lines before anything is written.
struct Line {
  std::int64_t receipt = 0;
  std::int64_t day = 0;
  std::int64_t amount = 0;
  std::int64_t qty = 1;
  int visit = 0;
  int hour = 0;
  int store = 0;
  int product = 0;  // index into Catalog::products
  bool online = false;
  bool dept = false;
};

// Everything drawn for one customer, before a purchase target adjusts the
// lines. Drawing is a pure function of (seed, index), so a first pass can
// count the lines the second pass will draw.
struct CustomerDraw {
  explicit CustomerDraw(std::uint64_t seed) : rng(seed) {}
  Rng rng;  // continues after the draw (for fit_line_count)
  DemoCustomer who;
  Window win;
  int trial_hour = -1;  // the L.pay trial line's hour, -1 without one
  std::vector<Line> lines;
  std::vector<int> per_visit;
  std::vector<Session> sessions;
  [[nodiscard]] std::int64_t line_count() const {
    return static_cast<std::int64_t>(lines.size()) + (trial_hour >= 0 ? 1 : 0);
  }
  // The fewest lines this customer can have: one per visit (and the trial).
  [[nodiscard]] std::int64_t line_floor() const {
    return static_cast<std::int64_t>(per_visit.size()) + (trial_hour >= 0 ? 1 : 0);
  }
};

Catalog build_catalog(std::uint64_t seed);

// Moves the customer's line count to `want`: extra
// lines join randomly chosen baskets of this customer (bigger baskets, same
// visits); surplus lines leave the latest baskets that have more than one.
// Every visit keeps at least one line, so a customer may end above `want`;
// the quota carries the difference on to the next customers.
void fit_line_count(Rng& rng, const DemoCustomer& who, const Catalog& catalog, std::vector<Line>& lines,
                    std::vector<int>& per_visit, std::int64_t want);

// Everything one customer draws from the stream (seed, index); `sessions`:
// also the browsing sessions.
CustomerDraw draw_customer_purchases(std::int64_t index, std::uint64_t seed, const Catalog& catalog,
                                     std::span<const int> zone_stores, int store_count, std::int64_t start,
                                     std::int64_t end, bool sessions);

}  // namespace smartstore::models::gen
