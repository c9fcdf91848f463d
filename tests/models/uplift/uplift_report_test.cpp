#include "smartstore/models/uplift_report.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <map>
#include <optional>
#include <span>
#include <tuple>
#include <vector>

namespace smartstore::models {
namespace {

Purchase line(std::uint32_t customer, Day day, std::int64_t amount) {
  Purchase p;
  p.customer = customer;
  p.day = day;
  p.amount_krw = amount;
  return p;
}

// Campaign C, offer O, segments A and B; a 7-day window and a 7-day pre-period.
//   member 0 treated (A), first scan day 100, scanned again day 103 and redeemed that coupon (500 KRW off):
//            pre day 99 1000; window day 100 2000 + day 106 3000 = 5000; day 107 is past the window
//   member 1 treated (A) day 101: pre day 94 700 (day 93 is before it); window day 101 4000
//   member 2 treated (B) day 100: window day 105 6000
//   member 3 held out (A) day 100: pre day 96 800; window day 100 3000
//   member 4 held out (A), listed at day 102 then at day 99 (its first): pre day 95 500;
//            window day 105 2000 (day 106 is past 99 + 6)
//   member 5 held out (B) day 100: window day 101 1000
//   member 6 treated day 130: its window ends after the last purchase day (107): censored
// Treated spend 5000, 4000, 6000 (mean 5000); held out 3000, 2000, 1000 (mean 2000): uplift 3000.
// Pre-period: treated 1000, 700, 0 (mean 566.67); held out 800, 500, 0 (mean 433.33).
struct Example {
  UpliftInput input;
  std::vector<Purchase> purchases;
  std::vector<std::uint32_t> member_of_customer{0, 1, 2, 3, 4, 5, 6, kNoMember};
};

Example example() {
  Example x;
  x.input.campaigns = {"C"};
  x.input.offers = {"O"};
  x.input.segments = {"A", "B"};
  x.input.members = 7;
  x.input.exposures = {{0, 0, 0, 0, 100, false, false, 0}, {0, 0, 0, 0, 103, false, true, 500},
                       {1, 0, 0, 0, 101, false, false, 0}, {2, 0, 0, 1, 100, false, false, 0},
                       {3, 0, 0, 0, 100, true, false, 0},  {4, 0, 0, 0, 102, true, false, 0},
                       {4, 0, 0, 0, 99, true, false, 0},   {5, 0, 0, 1, 100, true, false, 0},
                       {6, 0, 0, 0, 130, false, false, 0}};
  x.purchases = {line(0, 99, 1000),  line(0, 100, 2000), line(0, 106, 3000),  line(0, 107, 9999),
                 line(1, 93, 5555),  line(1, 94, 700),   line(1, 101, 4000),  line(2, 105, 6000),
                 line(3, 96, 800),   line(3, 100, 3000), line(4, 95, 500),    line(4, 105, 2000),
                 line(4, 106, 7777), line(5, 101, 1000), line(7, 100, 123456)};
  return x;
}

const UpliftCell* find(const UpliftReport& r, const std::string& offer, const std::string& segment) {
  for (const auto& c : r.cells)
    if (c.offer == offer && c.segment == segment) return &c;
  return nullptr;
}

TEST_CASE("uplift_report_counts_each_member_once_from_the_first_exposure") {
  const Example x = example();
  const auto r = build_uplift_report(x.input, x.purchases, x.member_of_customer, {7, 7, std::nullopt});
  REQUIRE(r);
  CHECK(r->exposures == 9);
  CHECK(r->first_exposures == 6);
  CHECK(r->censored == 1);
  CHECK(r->data_end == 107);
  // C/*/*, C/O/A, C/O/B: C/O/* would repeat C/*/* (the campaign has one offer).
  REQUIRE(r->cells.size() == 3);
  CHECK(find(*r, "O", "*") == nullptr);
  const UpliftCell* all = find(*r, "*", "*");
  REQUIRE(all != nullptr);
  CHECK(all->campaign == "C");
  CHECK(all->treated == 3);
  CHECK(all->control == 3);
  REQUIRE(all->estimate);
  const UpliftEstimate& e = *all->estimate;
  CHECK(e.treated.mean_spend_krw == doctest::Approx(5000));
  CHECK(e.control.mean_spend_krw == doctest::Approx(2000));
  CHECK(e.raw.absolute.estimate == doctest::Approx(3000));
  CHECK(e.treated.mean_pre_spend_krw == doctest::Approx(1700.0 / 3));
  CHECK(e.control.mean_pre_spend_krw == doctest::Approx(1300.0 / 3));
  CHECK(e.treated.redeemed == 1);
  CHECK(e.discount_cost_krw == doctest::Approx(500));
}

TEST_CASE("uplift_report_splits_by_offer_and_segment_and_names_cells_too_small") {
  const Example x = example();
  const auto r = build_uplift_report(x.input, x.purchases, x.member_of_customer, {7, 7, std::nullopt});
  REQUIRE(r);
  const UpliftCell* a = find(*r, "O", "A");
  REQUIRE(a != nullptr);
  REQUIRE(a->estimate);
  CHECK(a->estimate->treated.mean_spend_krw == doctest::Approx(4500));
  CHECK(a->estimate->control.mean_spend_krw == doctest::Approx(2500));
  const UpliftCell* b = find(*r, "O", "B");
  REQUIRE(b != nullptr);
  CHECK(b->treated == 1);
  CHECK(b->control == 1);
  CHECK_FALSE(b->estimate);
  CHECK(b->note.find("at least 2") != std::string::npos);
}

TEST_CASE("uplift_report_refuses_out_of_range_exposures_and_empty_windows") {
  Example x = example();
  CHECK_FALSE(build_uplift_report(x.input, x.purchases, x.member_of_customer, {0, 7, std::nullopt}));
  x.input.exposures.push_back({7, 0, 0, 0, 100, false, false, 0});  // member 7 of 7
  const auto r = build_uplift_report(x.input, x.purchases, x.member_of_customer, {7, 7, std::nullopt});
  REQUIRE_FALSE(r);
  CHECK(r.error().kind() == ErrorKind::invalid_input);
  CHECK(r.error().message().find("exposure 9") != std::string::npos);
}

// Members in two campaigns (their lines walked row by row), two customers of
// one member, customers never exposed, lines on every side of each window:
// each campaign's group means must equal a line-by-line recount.
TEST_CASE("uplift_report_sums_members_in_several_campaigns_and_customers_sharing_a_member") {
  UpliftInput in;
  in.campaigns = {"C1", "C2"};
  in.offers = {"O1", "O2"};
  in.segments = {"S"};
  in.members = 40;
  for (std::uint32_t m = 0; m < 40; ++m) {
    in.exposures.push_back({m, 0, 0, 0, static_cast<Day>(200 + m % 5), m % 3 == 0, false, 0});
    if (m % 2 == 0) in.exposures.push_back({m, 1, 1, 0, static_cast<Day>(203 + m % 4), m % 6 == 2, false, 0});
  }
  // Customers 0-39 are members 0-39, customers 40-59 members 0-19 again, 60-69 nobody.
  std::vector<std::uint32_t> member_of_customer(70, kNoMember);
  for (std::uint32_t c = 0; c < 60; ++c) member_of_customer[c] = c % 40;
  std::vector<Purchase> purchases;
  std::uint64_t s = 7;
  for (int i = 0; i < 6000; ++i) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    purchases.push_back(line(static_cast<std::uint32_t>((s >> 33) % 70), static_cast<Day>((s >> 20) % 240),
                             static_cast<std::int64_t>(100 + (s >> 45) % 5000)));
  }
  const UpliftWindow w{10, 30, Day{239}};
  const auto r = build_uplift_report(in, purchases, member_of_customer, w);
  REQUIRE(r);
  for (std::uint32_t campaign = 0; campaign < 2; ++campaign) {
    double spend[2] = {0, 0}, pre[2] = {0, 0};
    int n[2] = {0, 0};
    for (const Exposure& e : in.exposures) {
      if (e.campaign != campaign) continue;
      const int g = e.held_out ? 0 : 1;
      ++n[g];
      for (const Purchase& p : purchases) {
        if (member_of_customer[p.customer] != e.member) continue;
        const Day d = p.day - e.day;
        if (d >= 0 && d < w.days) spend[g] += static_cast<double>(p.amount_krw);
        if (d < 0 && d >= -w.pre_days) pre[g] += static_cast<double>(p.amount_krw);
      }
    }
    const UpliftCell* cell = nullptr;
    for (const auto& c : r->cells)
      if (c.campaign == in.campaigns[campaign] && c.offer == "*") cell = &c;
    REQUIRE(cell != nullptr);
    REQUIRE(cell->estimate);
    CHECK(cell->treated == n[1]);
    CHECK(cell->control == n[0]);
    CHECK(cell->estimate->treated.mean_spend_krw == doctest::Approx(spend[1] / n[1]));
    CHECK(cell->estimate->control.mean_spend_krw == doctest::Approx(spend[0] / n[0]));
    CHECK(cell->estimate->treated.mean_pre_spend_krw == doctest::Approx(pre[1] / n[1]));
    CHECK(cell->estimate->control.mean_pre_spend_krw == doctest::Approx(pre[0] / n[0]));
  }
}

// A world for the join below: members in several campaigns, exposures listed
// late, customers sharing a member or with none, lines of customers past the
// map, refunds, and a data end that censors some first exposures.
struct JoinWorld {
  UpliftInput in;
  std::vector<std::uint32_t> member_of_customer = std::vector<std::uint32_t>(400);
  std::vector<Purchase> purchases;
  UpliftWindow window{10, 40, Day{150}};
};

JoinWorld join_world() {
  JoinWorld w;
  w.in.campaigns = {"C0", "C1", "C2"};
  w.in.offers = {"O0", "O1", "O2"};
  w.in.segments = {"S0", "S1"};
  w.in.members = 300;
  std::uint64_t s = 11;
  const auto next = [&s](std::uint64_t n) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>((s >> 33) % n);
  };
  for (int i = 0; i < 900; ++i)
    w.in.exposures.push_back({next(300), next(3), next(3), next(2), static_cast<Day>(100 + next(60)),
                              next(4) == 0, next(3) == 0, static_cast<std::int64_t>(next(5000))});
  for (auto& m : w.member_of_customer) m = next(10) == 0 ? kNoMember : next(300);
  for (int i = 0; i < 30000; ++i)
    w.purchases.push_back(
        line(next(410), static_cast<Day>(next(200)), static_cast<std::int64_t>(next(90000)) - 5000));
  return w;
}

// (campaign, offer, segment, member) of a counted first exposure.
using JoinKey = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>;

// The plain join: each member's first exposure per campaign through a map,
// its window and pre-period summed line by line. Also counts first exposures.
std::map<JoinKey, UpliftObservation> plain_join(const JoinWorld& w, std::size_t& first_exposures) {
  struct First {
    Exposure e;
    bool redeemed = false;
    std::int64_t discount = 0;
  };
  std::map<std::pair<std::uint32_t, std::uint32_t>, First> first;  // (campaign, member)
  for (const Exposure& e : w.in.exposures) {
    auto [it, added] = first.try_emplace({e.campaign, e.member}, First{e});
    if (!added && e.day < it->second.e.day) it->second.e = e;
    it->second.redeemed = it->second.redeemed || e.redeemed;
    it->second.discount += e.discount_krw;
  }
  first_exposures = first.size();
  std::map<JoinKey, UpliftObservation> rows;
  for (const auto& [key, f] : first) {
    if (f.e.day + w.window.days - 1 > *w.window.data_end) continue;
    std::int64_t spend = 0, pre = 0, lines = 0;
    for (const Purchase& p : w.purchases) {
      if (p.customer >= w.member_of_customer.size() || w.member_of_customer[p.customer] != f.e.member)
        continue;
      const Day d = p.day - f.e.day;
      if (d >= 0 && d < w.window.days) spend += p.amount_krw;
      if (d < 0 && d >= -w.window.pre_days) pre += p.amount_krw, ++lines;
    }
    const bool treated = !f.e.held_out;
    const auto pre_krw = static_cast<double>(pre);
    rows[{key.first, f.e.offer, f.e.segment, f.e.member}] = {
        treated,
        static_cast<double>(spend),
        pre_krw,
        lines > 0 ? pre_krw / static_cast<double>(lines) : 0,
        treated && f.redeemed,
        treated && f.redeemed ? static_cast<double>(f.discount) : 0};
  }
  return rows;
}

std::uint64_t bits(double v) {
  return std::bit_cast<std::uint64_t>(v);
}

void check_same(const Interval& a, const Interval& b) {
  CHECK(bits(a.estimate) == bits(b.estimate));
  CHECK(bits(a.low) == bits(b.low));
  CHECK(bits(a.high) == bits(b.high));
}

void check_same(const MeanComparison& a, const MeanComparison& b) {
  check_same(a.absolute, b.absolute);
  check_same(a.relative, b.relative);
  CHECK(bits(a.standard_error) == bits(b.standard_error));
  CHECK(bits(a.degrees_of_freedom) == bits(b.degrees_of_freedom));
}

void check_same(const UpliftGroup& a, const UpliftGroup& b) {
  CHECK(a.members == b.members);
  CHECK(a.redeemed == b.redeemed);
  CHECK(bits(a.redemption_rate) == bits(b.redemption_rate));
  CHECK(bits(a.mean_spend_krw) == bits(b.mean_spend_krw));
  CHECK(bits(a.sd_spend_krw) == bits(b.sd_spend_krw));
  CHECK(bits(a.mean_pre_spend_krw) == bits(b.mean_pre_spend_krw));
}

// One row of the report against the estimator on the given members.
void check_row(const UpliftCell& cell, std::span<const UpliftObservation> members) {
  const auto e = estimate_uplift(members);
  REQUIRE(static_cast<bool>(cell.estimate) == static_cast<bool>(e));
  if (!e) {
    CHECK(cell.note == e.error().message());
    return;
  }
  check_same(cell.estimate->treated, e->treated);
  check_same(cell.estimate->control, e->control);
  check_same(cell.estimate->raw, e->raw);
  check_same(cell.estimate->cuped, e->cuped);
  CHECK(bits(cell.estimate->theta) == bits(e->theta));
  CHECK(bits(cell.estimate->theta_line) == bits(e->theta_line));
  CHECK(bits(cell.estimate->pre_period_smd) == bits(e->pre_period_smd));
  check_same(cell.estimate->incremental_revenue_krw, e->incremental_revenue_krw);
  CHECK(bits(cell.estimate->discount_cost_krw) == bits(e->discount_cost_krw));
  check_same(cell.estimate->return_on_discount, e->return_on_discount);
}

// Every number of every row, to the last bit, against the estimator run on
// the plain join, a row's members taken in (offer, segment, member) order
// (the order the report documents), rows in the report's order: a campaign,
// then each offer (when it has several) and its segments (when several).
TEST_CASE("uplift_report_equals_the_estimator_on_a_plain_join_to_the_last_bit") {
  const JoinWorld w = join_world();
  const auto r = build_uplift_report(w.in, w.purchases, w.member_of_customer, w.window);
  REQUIRE(r);
  std::size_t first_exposures = 0;
  const auto rows = plain_join(w, first_exposures);
  CHECK(r->first_exposures == static_cast<std::int64_t>(rows.size()));
  CHECK(r->censored == static_cast<std::int64_t>(first_exposures - rows.size()));
  CHECK(r->censored > 0);
  std::size_t at = 0;
  const auto expect_row = [&](std::uint32_t c, std::optional<std::uint32_t> o,
                              std::optional<std::uint32_t> g) {
    std::vector<UpliftObservation> members;
    for (const auto& [k, obs] : rows)
      if (std::get<0>(k) == c && (!o || std::get<1>(k) == *o) && (!g || std::get<2>(k) == *g))
        members.push_back(obs);
    REQUIRE(at < r->cells.size());
    const UpliftCell& cell = r->cells[at++];
    CHECK(cell.campaign == w.in.campaigns[c]);
    CHECK(cell.offer == (o ? w.in.offers[*o] : "*"));
    CHECK(cell.segment == (g ? w.in.segments[*g] : "*"));
    check_row(cell, members);
  };
  for (std::uint32_t c = 0; c < w.in.campaigns.size(); ++c) {
    std::map<std::uint32_t, std::vector<std::uint32_t>> segments_of;  // offer -> its segments
    for (const auto& [k, obs] : rows)
      if (std::get<0>(k) == c && !std::ranges::count(segments_of[std::get<1>(k)], std::get<2>(k)))
        segments_of[std::get<1>(k)].push_back(std::get<2>(k));
    if (segments_of.empty()) continue;
    expect_row(c, std::nullopt, std::nullopt);
    for (auto& [o, segments] : segments_of) {
      if (segments_of.size() > 1) expect_row(c, o, std::nullopt);
      std::ranges::sort(segments);
      if (segments.size() > 1)
        for (const std::uint32_t g : segments) expect_row(c, o, g);
    }
  }
  CHECK(at == r->cells.size());
  CHECK(r->cells.size() > 20);
}

void check_same(const UpliftReport& a, const UpliftReport& b) {
  CHECK(a.data_end == b.data_end);
  CHECK(a.exposures == b.exposures);
  CHECK(a.first_exposures == b.first_exposures);
  CHECK(a.censored == b.censored);
  REQUIRE(a.cells.size() == b.cells.size());
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    const UpliftCell &x = a.cells[i], &y = b.cells[i];
    CHECK(std::tie(x.campaign, x.offer, x.segment, x.treated, x.control, x.note) ==
          std::tie(y.campaign, y.offer, y.segment, y.treated, y.control, y.note));
    REQUIRE(static_cast<bool>(x.estimate) == static_cast<bool>(y.estimate));
    if (!x.estimate) continue;
    check_same(x.estimate->treated, y.estimate->treated);
    check_same(x.estimate->control, y.estimate->control);
    check_same(x.estimate->raw, y.estimate->raw);
    check_same(x.estimate->cuped, y.estimate->cuped);
    check_same(x.estimate->incremental_revenue_krw, y.estimate->incremental_revenue_krw);
    check_same(x.estimate->return_on_discount, y.estimate->return_on_discount);
    CHECK(bits(x.estimate->theta) == bits(y.estimate->theta));
    CHECK(bits(x.estimate->discount_cost_krw) == bits(y.estimate->discount_cost_krw));
  }
}

// The purchases in blocks (a file streamed) give the one pass's report: the
// sums are whole numbers, so the cut cannot change a bit.
TEST_CASE("uplift_pass_in_blocks_equals_one_pass_to_the_last_bit") {
  JoinWorld w = join_world();
  for (const std::optional<Day> data_end : {w.window.data_end, std::optional<Day>{}}) {
    w.window.data_end = data_end;
    const auto whole = build_uplift_report(w.in, w.purchases, w.member_of_customer, w.window);
    REQUIRE(whole);
    CHECK(whole->cells.size() > 20);
    for (const std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{300}}) {
      auto pass = UpliftPass::start(w.in, w.member_of_customer, w.window);
      REQUIRE(pass);
      for (std::size_t i = 0; i < w.purchases.size(); i += block)
        pass->add(std::span(w.purchases).subspan(i, std::min(block, w.purchases.size() - i)));
      check_same(*whole, pass->finish(data_end));
    }
  }
}

}  // namespace
}  // namespace smartstore::models
