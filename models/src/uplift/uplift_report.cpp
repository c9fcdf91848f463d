// First exposure per (member, campaign), one pass over the purchases to sum
// each first exposure's window and pre-period, then Welch + CUPED per cell
// (uplift_cells.cpp).
#include "smartstore/models/uplift_report.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "smartstore/common/huge_pages.h"
#include "uplift_cells.h"

namespace smartstore::models {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// Exposure days are kept within this of day 0, so a purchase day minus one
// stays far inside 32 bits.
constexpr Day kDayRange = Day{1} << 28;

// A member's first exposure to one campaign, a row of the report's input.
// Its day is its tally's (below).
struct FirstExposure {
  std::uint32_t leaf = 0;      // its (campaign, offer, segment), numbered as first seen
  std::uint32_t next = kNone;  // the same member's first exposure to another campaign
  bool held_out = false, redeemed = false;
  std::int64_t discount_krw = 0;  // of every exposure of the member to the campaign
};

// What the purchases of one row's member added up to. The pass over the
// purchases reads and writes one per line, at random, so it is kept to 16
// bytes (the window's sums, rarely touched, are apart) and only rows have one.
struct alignas(16) Tally {
  std::uint32_t exposed = 0;  // the exposure day + kBias
  std::uint32_t pre_lines = 0;
  std::int64_t pre_krw = 0;
};
constexpr std::uint32_t kBias = std::uint32_t{1} << 29;
// Customers with no row land on one of these slots (spread out, so their
// no-op updates do not queue behind one another on one slot).
constexpr std::uint32_t kSpare = 64;
// Marks the slot of a member in several campaigns: its rows are walked.
constexpr std::uint32_t kSeveral = std::uint32_t{1} << 31;
constexpr std::size_t kMaxRows = kSeveral - kSpare - 1;

// The row a head or a slot stands for; kNone for no row.
constexpr std::uint32_t row_of(std::uint32_t head) {
  return head == 0 ? kNone : (head & ~kSeveral) - kSpare;
}

// (campaign, offer, segment) numbered in order of first appearance, through
// a dense table of every one when it is small (as it is: a few campaigns,
// offers and segments), else a hash map.
class LeafNumbers {
 public:
  explicit LeafNumbers(const UpliftInput& in) : offers_(in.offers.size()), segments_(in.segments.size()) {
    const std::size_t cells = in.campaigns.size() * offers_ * segments_;
    constexpr std::size_t kDenseCells = std::size_t{1} << 20;
    if (cells <= kDenseCells) dense_.assign(cells, kNone);
  }
  std::uint32_t of(const Exposure& e) {
    const std::uint64_t key = (std::uint64_t{e.campaign} << 42) | (std::uint64_t{e.offer} << 21) | e.segment;
    std::uint32_t& n = dense_.empty()
                           ? sparse_.try_emplace(key, kNone).first->second
                           : dense_[(std::size_t{e.campaign} * offers_ + e.offer) * segments_ + e.segment];
    if (n == kNone) {
      n = static_cast<std::uint32_t>(keys.size());
      keys.push_back(key);
    }
    return n;
  }
  [[nodiscard]] std::uint32_t campaign(std::uint32_t leaf) const {
    return static_cast<std::uint32_t>(keys[leaf] >> 42);
  }
  std::vector<std::uint64_t> keys;  // by number: campaign << 42 | offer << 21 | segment

 private:
  std::size_t offers_, segments_;
  std::vector<std::uint32_t> dense_;
  std::unordered_map<std::uint64_t, std::uint32_t> sparse_;
};

// The first exposures and the purchase pass's sums, per member, row, slot
// (kSpare, then one per row) and customer.
struct Exposed {
  explicit Exposed(const UpliftInput& in, std::size_t customers)
      : leaves(in),
        head(in.members),
        rows(in.exposures.size()),
        tally(kSpare + in.exposures.size()),
        window(kSpare + in.exposures.size()),
        slot_of_customer(customers) {}
  LeafNumbers leaves;
  // By member: 0 for none, else the slot of its newest row, marked
  // kSeveral when it has more than one (what its customers map to).
  HugePageArray<std::uint32_t> head;
  HugePageArray<FirstExposure> rows;  // [0, row_count) used
  std::uint32_t row_count = 0;
  HugePageArray<Tally> tally;
  HugePageArray<std::int64_t> window;
  HugePageArray<std::uint32_t> slot_of_customer;
  [[nodiscard]] Day day(std::uint32_t r) const {
    return static_cast<Day>(static_cast<std::int64_t>(tally[kSpare + r].exposed) - kBias);
  }
};

Status check_input(const UpliftInput& in, const UpliftWindow& w) {
  if (w.days < 1 || w.pre_days < 0)
    return fail(ErrorKind::invalid_input, "the uplift window needs days >= 1 and pre_days >= 0", "models");
  // Cells are keyed by campaign, offer and segment packed in 64 bits.
  constexpr std::size_t kMaxNames = (std::size_t{1} << 21) - 2;
  if (in.campaigns.size() > kMaxNames || in.offers.size() > kMaxNames || in.segments.size() > kMaxNames)
    return fail(ErrorKind::invalid_input, "more than 2,097,150 campaigns, offers or segments", "models");
  if (in.exposures.size() > kMaxRows || in.members >= kNone)
    return fail(ErrorKind::invalid_input, "more than 2,147,483,000 exposures or 4,294,967,294 members",
                "models");
  for (std::size_t i = 0; i < in.exposures.size(); ++i) {
    const Exposure& e = in.exposures[i];
    if (e.member >= in.members || e.campaign >= in.campaigns.size() || e.offer >= in.offers.size() ||
        e.segment >= in.segments.size())
      return fail(
          ErrorKind::invalid_input,
          "exposure " + std::to_string(i) + " names a member, campaign, offer or segment out of range",
          "models");
    if (e.day <= -kDayRange || e.day >= kDayRange)
      return fail(
          ErrorKind::invalid_input,
          "exposure " + std::to_string(i) + " has day " + std::to_string(e.day) + ", not a day of this era",
          "models");
  }
  return ok();
}

// Keeps each member's earliest exposure per campaign (ties: the first
// listed); later scans only add their redemptions and discounts. Rows are
// numbered as first seen; a member's rows are linked from its head.
void add_first_exposures(const UpliftInput& in, Exposed& x) {
  for (const Exposure& e : in.exposures) {
    std::uint32_t& head = x.head[e.member];
    const std::uint32_t newest = row_of(head);
    std::uint32_t r = newest;
    while (r != kNone && x.leaves.campaign(x.rows[r].leaf) != e.campaign) r = x.rows[r].next;
    if (r == kNone) {
      r = x.row_count++;
      x.rows[r] = {x.leaves.of(e), newest, e.held_out, false, 0};
      x.tally[kSpare + r].exposed = static_cast<std::uint32_t>(e.day) + kBias;
      head = (kSpare + r) | (newest == kNone ? 0 : kSeveral);
    } else if (e.day < x.day(r)) {
      x.rows[r].leaf = x.leaves.of(e);
      x.rows[r].held_out = e.held_out;
      x.tally[kSpare + r].exposed = static_cast<std::uint32_t>(e.day) + kBias;
    }
    x.rows[r].redeemed = x.rows[r].redeemed || e.redeemed;
    x.rows[r].discount_krw += e.discount_krw;
  }
}

void map_customers(std::span<const std::uint32_t> member_of_customer, Exposed& x) {
  const std::size_t members = x.head.size();
  for (std::size_t c = 0; c < member_of_customer.size(); ++c) {
    const std::uint32_t m = member_of_customer[c];
    const std::uint32_t head = m < members ? x.head[m] : 0;
    x.slot_of_customer[c] = head == 0 ? static_cast<std::uint32_t>(c % kSpare) : head;
  }
}

// A purchase of a member in several campaigns, added to each of its rows.
void add_to_rows(Exposed& x, std::uint32_t r, const Purchase& p, const UpliftWindow& w) {
  for (; r != kNone; r = x.rows[r].next) {
    const Day from_exposure = p.day - x.day(r);
    if (from_exposure >= 0 && from_exposure < w.days) {
      x.window[kSpare + r] += p.amount_krw;
    } else if (from_exposure < 0 && from_exposure >= -w.pre_days) {
      x.tally[kSpare + r].pre_krw += p.amount_krw;
      ++x.tally[kSpare + r].pre_lines;
    }
  }
}

constexpr std::size_t kPrefetchAhead = 64;

// The one pass over the purchases, a group-by by customer: each line adds
// to the window or the pre-period of its member's first exposure when it
// falls in one. Returns the last purchase day (of any customer).
Day sum_spend(Exposed& x, std::span<const Purchase> purchases, const UpliftWindow& w) {
  const auto window_days = static_cast<std::uint32_t>(w.days);
  const auto pre_days = static_cast<std::uint32_t>(w.pre_days);
  const std::size_t customers = x.slot_of_customer.size(), n = purchases.size();
  Day last = std::numeric_limits<Day>::min();
  for (std::size_t i = 0; i < n; ++i) {
    // The slot of a line further ahead and the tally of a nearer one are
    // fetched now, so the misses overlap as a plain group-by's do.
    if (i + 2 * kPrefetchAhead < n && purchases[i + 2 * kPrefetchAhead].customer < customers)
      __builtin_prefetch(&x.slot_of_customer[purchases[i + 2 * kPrefetchAhead].customer]);
    if (i + kPrefetchAhead < n && purchases[i + kPrefetchAhead].customer < customers)
      __builtin_prefetch(&x.tally[x.slot_of_customer[purchases[i + kPrefetchAhead].customer] & ~kSeveral], 1);
    const Purchase& p = purchases[i];
    last = std::max(last, p.day);
    if (p.customer >= customers) continue;
    const std::uint32_t slot = x.slot_of_customer[p.customer];
    if ((slot & kSeveral) != 0) [[unlikely]] {
      add_to_rows(x, (slot & ~kSeveral) - kSpare, p, w);
      continue;
    }
    // No branch on what was loaded for the pre-period (most lines of an
    // exposed member are in it, the rest are not: a mispredicted branch
    // after each miss would serialise them); unsigned compares:
    // from_exposure in [-pre_days, -1] and in [0, days). A mask, not
    // `in_pre ? amount : 0`, which g++ turns into a branch.
    Tally& tally = x.tally[slot];
    const std::uint32_t from_exposure = static_cast<std::uint32_t>(p.day) + kBias - tally.exposed;
    const std::uint32_t in_pre = ~from_exposure < pre_days ? 1U : 0U;
    tally.pre_krw += p.amount_krw & -static_cast<std::int64_t>(in_pre);
    tally.pre_lines += in_pre;
    if (from_exposure < window_days) [[unlikely]]
      x.window[slot] += p.amount_krw;
  }
  return last;
}

struct CountedExposures {
  std::vector<UpliftLeaf> leaves;   // in key order, those with members
  std::vector<std::uint32_t> rank;  // leaf number to its place there
  std::size_t points = 0;
};

// The leaves' runs of points, censored rows left out.
CountedExposures count_leaves(const Exposed& x, const UpliftReport& report) {
  std::vector<std::size_t> count(x.leaves.keys.size(), 0);
  for (std::uint32_t r = 0; r < x.row_count; ++r)
    if (std::int64_t{x.day(r)} + report.window.days - 1 <= report.data_end) ++count[x.rows[r].leaf];
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
  for (std::uint32_t l = 0; l < count.size(); ++l)
    if (count[l] > 0) order.emplace_back(x.leaves.keys[l], l);
  std::sort(order.begin(), order.end());
  CountedExposures out;
  out.rank.assign(count.size(), kNone);
  out.leaves.resize(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    out.rank[order[k].second] = static_cast<std::uint32_t>(k);
    const std::uint64_t key = order[k].first;
    UpliftLeaf& leaf = out.leaves[k];
    leaf.campaign = static_cast<std::uint32_t>(key >> 42);
    leaf.offer = static_cast<std::uint32_t>((key >> 21) & 0x1FFFFF);
    leaf.segment = static_cast<std::uint32_t>(key & 0x1FFFFF);
    leaf.begin = leaf.end = out.points;
    out.points += count[order[k].second];
  }
  return out;
}

// Every counted first exposure as a point of its leaf, members in order
// within each leaf (the order the estimator's sums are taken in).
void add_points(const Exposed& x, const UpliftReport& report, CountedExposures& counted,
                std::span<UpliftPoint> points) {
  for (std::size_t m = 0; m < x.head.size(); ++m) {
    for (std::uint32_t r = row_of(x.head[m]); r != kNone; r = x.rows[r].next) {
      if (std::int64_t{x.day(r)} + report.window.days - 1 > report.data_end) continue;
      const FirstExposure& e = x.rows[r];
      const Tally& tally = x.tally[kSpare + r];
      UpliftLeaf& l = counted.leaves[counted.rank[e.leaf]];
      UpliftPoint& p = points[l.end++];
      p.treated = !e.held_out;
      p.spend = static_cast<double>(x.window[kSpare + r]);
      p.pre = static_cast<double>(tally.pre_krw);
      p.line = tally.pre_lines > 0 ? p.pre / static_cast<double>(tally.pre_lines) : 0;
      if (!e.held_out && e.redeemed) {
        ++l.redeemed;
        l.discount_krw += e.discount_krw;
      }
    }
  }
}

}  // namespace

Result<UpliftReport> build_uplift_report(const UpliftInput& input, std::span<const Purchase> purchases,
                                         std::span<const std::uint32_t> member_of_customer,
                                         const UpliftWindow& window) {
  if (auto checked = check_input(input, window); !checked) return checked.error();
  UpliftReport report;
  report.window = window;
  report.exposures = static_cast<std::int64_t>(input.exposures.size());
  Exposed exposed(input, member_of_customer.size());
  add_first_exposures(input, exposed);
  map_customers(member_of_customer, exposed);
  report.data_end = window.data_end.value_or(sum_spend(exposed, purchases, window));
  CountedExposures counted = count_leaves(exposed, report);
  report.first_exposures = static_cast<std::int64_t>(counted.points);
  report.censored = static_cast<std::int64_t>(exposed.row_count - counted.points);
  HugePageArray<UpliftPoint> points(counted.points);
  add_points(exposed, report, counted, points.span());
  add_uplift_cells(input, counted.leaves, points.span(), report);
  return report;
}

}  // namespace smartstore::models
