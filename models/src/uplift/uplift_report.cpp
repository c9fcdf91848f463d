// First exposure per (member, campaign), each given a slot in (campaign,
// offer, segment, member) order; one pass over the purchases sums each
// slot's window and pre-period in place, and the slots then become the
// estimator's points, Welch + CUPED per cell (uplift_cells.cpp).
#include "smartstore/models/uplift_report.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

#include "smartstore/common/huge_pages.h"
#include "uplift_cells.h"
#include "uplift_leaves.h"

namespace smartstore::models {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// Exposure days are kept within this of day 0, so a purchase day minus one
// stays far inside 32 bits.
constexpr Day kDayRange = Day{1} << 28;

// A member's first exposure to one campaign, a row of the report's input.
struct FirstExposure {
  std::uint32_t leaf = 0;      // its (campaign, offer, segment), numbered as first seen
  std::uint32_t next = kNone;  // the same member's first exposure to another campaign
  Day day = 0;
  bool held_out = false, redeemed = false;
  std::int64_t discount_krw = 0;  // of every exposure of the member to the campaign
};

// What the purchases of one row's member added up to, in the row's slot.
// The pass reads and writes one per line, at random: one cache line holds
// two, and everything the line's update needs is in it. After the pass a
// slot is rewritten in place as its estimator point (the same 32 bytes).
struct alignas(32) Tally {
  std::uint32_t exposed = 0;  // the exposure day + kBias
  std::uint32_t pre_lines = 0;
  std::int64_t pre_krw = 0;
  std::int64_t window_krw = 0;
  std::uint32_t next = 0;  // the slot of the member's row in another campaign; 0 for none
  std::uint32_t treated = 0;
};
static_assert(sizeof(Tally) == sizeof(UpliftPoint) && alignof(Tally) >= alignof(UpliftPoint));
constexpr std::uint32_t kBias = std::uint32_t{1} << 29;
// Customers with no row land on one of these slots (spread out, so their
// no-op updates do not queue behind one another on one slot).
constexpr std::uint32_t kSpare = 64;
// Marks the slot of a member in several campaigns: its slots are walked.
constexpr std::uint32_t kSeveral = std::uint32_t{1} << 31;
constexpr std::size_t kMaxRows = kSeveral - kSpare - 1;

// The first exposures and the purchase pass's sums, per member, row, slot
// (kSpare, then one per row) and customer.
struct Exposed {
  explicit Exposed(const UpliftInput& in, std::size_t customers)
      : leaves(in),
        head(in.members),
        rows(in.exposures.size()),
        tally(kSpare + in.exposures.size()),
        slot_of_customer(customers) {}
  LeafNumbers leaves;
  // By member: 0 for none. While rows are added, its newest row + 1; once
  // slots are numbered, its slot, marked kSeveral when it has several (the
  // first of a chain through Tally::next): what its customers map to.
  HugePageArray<std::uint32_t> head;
  HugePageArray<FirstExposure> rows;  // [0, row_count) used
  std::uint32_t row_count = 0;
  HugePageArray<Tally> tally;
  HugePageArray<std::uint32_t> slot_of_customer;
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
  return ok();
}

// Why exposure i, which names something out of range or a day out of this
// era, is refused.
Status refusal_of_exposure(const UpliftInput& in, std::size_t i) {
  const Exposure& e = in.exposures[i];
  if (e.member >= in.members || e.campaign >= in.campaigns.size() || e.offer >= in.offers.size() ||
      e.segment >= in.segments.size())
    return fail(ErrorKind::invalid_input,
                "exposure " + std::to_string(i) + " names a member, campaign, offer or segment out of range",
                "models");
  return fail(
      ErrorKind::invalid_input,
      "exposure " + std::to_string(i) + " has day " + std::to_string(e.day) + ", not a day of this era",
      "models");
}

// Keeps each member's earliest exposure per campaign (ties: the first
// listed); later scans only add their redemptions and discounts. Rows are
// numbered as first seen; a member's rows are linked from its head. Checks
// each exposure as it goes (invalid_input naming the first out of range).
Status add_first_exposures(const UpliftInput& in, Exposed& x) {
  const std::size_t campaigns = in.campaigns.size(), offers = in.offers.size(), segments = in.segments.size();
  for (std::size_t i = 0; i < in.exposures.size(); ++i) {
    const Exposure& e = in.exposures[i];
    if (e.member >= in.members || e.campaign >= campaigns || e.offer >= offers || e.segment >= segments ||
        e.day <= -kDayRange || e.day >= kDayRange) [[unlikely]]
      return refusal_of_exposure(in, i);
    std::uint32_t& head = x.head[e.member];
    const std::uint32_t newest = head - 1;  // kNone for none
    std::uint32_t r = newest;
    while (r != kNone && x.leaves.campaign(x.rows[r].leaf) != e.campaign) r = x.rows[r].next;
    if (r == kNone) {
      r = x.row_count++;
      const std::uint32_t leaf = x.leaves.of(e);
      ++x.leaves.rows[leaf];
      x.rows[r] = {leaf, newest, e.day, e.held_out, false, 0};
      head = r + 1;
    } else if (e.day < x.rows[r].day) {
      const std::uint32_t leaf = x.leaves.of(e);
      --x.leaves.rows[x.rows[r].leaf];
      ++x.leaves.rows[leaf];
      x.rows[r].leaf = leaf;
      x.rows[r].day = e.day;
      x.rows[r].held_out = e.held_out;
    }
    x.rows[r].redeemed = x.rows[r].redeemed || e.redeemed;
    x.rows[r].discount_krw += e.discount_krw;
  }
  return ok();
}

// The leaves in key order (so a campaign's or an offer's members are one
// run) and, by leaf number, the first slot of each.
struct LeafOrder {
  std::vector<std::uint32_t> by_key;      // leaf numbers
  std::vector<std::uint32_t> first_slot;  // by leaf number
};

// Gives every row its slot: leaf by leaf in key order, members in order
// within a leaf (the order the estimator's sums are taken in), so that after
// the pass the slots are read in place as its points. Heads then hold slots.
LeafOrder number_slots(Exposed& x) {
  LeafOrder order;
  const auto& keys = x.leaves.keys;
  for (std::uint32_t l = 0; l < keys.size(); ++l)
    if (x.leaves.rows[l] > 0) order.by_key.push_back(l);
  std::sort(order.by_key.begin(), order.by_key.end(),
            [&keys](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
  order.first_slot.assign(keys.size(), 0);
  std::uint32_t slot = kSpare;
  for (const std::uint32_t l : order.by_key) {
    order.first_slot[l] = slot;
    slot += static_cast<std::uint32_t>(x.leaves.rows[l]);
  }
  std::vector<std::uint32_t> cursor = order.first_slot;
  for (std::size_t m = 0; m < x.head.size(); ++m) {
    if (x.head[m] == 0) continue;
    std::uint32_t first = 0;
    for (std::uint32_t r = x.head[m] - 1; r != kNone; r = x.rows[r].next) {
      const FirstExposure& e = x.rows[r];
      const std::uint32_t s = cursor[e.leaf]++;
      x.tally[s] = {static_cast<std::uint32_t>(e.day) + kBias, 0, 0, 0, first, e.held_out ? 0U : 1U};
      first = s;
    }
    x.head[m] = x.tally[first].next == 0 ? first : first | kSeveral;
  }
  return order;
}

void map_customers(std::span<const std::uint32_t> member_of_customer, Exposed& x) {
  const std::size_t members = x.head.size();
  for (std::size_t c = 0; c < member_of_customer.size(); ++c) {
    const std::uint32_t m = member_of_customer[c];
    const std::uint32_t head = m < members ? x.head[m] : 0;
    // A mask, not a branch: about half the customers may have no row, at random.
    const std::uint32_t none = 0U - static_cast<std::uint32_t>(head == 0);
    x.slot_of_customer[c] = head | (static_cast<std::uint32_t>(c % kSpare) & none);
  }
}

// A purchase of a member in several campaigns, added to each of its slots.
void add_to_slots(Exposed& x, std::uint32_t s, const Purchase& p, const UpliftWindow& w) {
  for (; s != 0; s = x.tally[s].next) {
    Tally& t = x.tally[s];
    const Day from_exposure = p.day - static_cast<Day>(static_cast<std::int64_t>(t.exposed) - kBias);
    if (from_exposure >= 0 && from_exposure < w.days) {
      t.window_krw += p.amount_krw;
    } else if (from_exposure < 0 && from_exposure >= -w.pre_days) {
      t.pre_krw += p.amount_krw;
      ++t.pre_lines;
    }
  }
}

constexpr std::size_t kPrefetchAhead = 64;

// One line into the tally of its customer's slot (see sum_spend).
class LineAdder {
 public:
  LineAdder(Exposed& x, const UpliftWindow& w)
      : x_(x),
        w_(w),
        slot_of_(x.slot_of_customer.span().data()),
        tally_(x.tally.span().data()),
        customers_(static_cast<std::uint32_t>(x.slot_of_customer.size())),
        window_days_(static_cast<std::uint32_t>(w.days)),
        pre_days_(static_cast<std::uint32_t>(w.pre_days)) {}
  // The slot of a line further ahead and the tally of a nearer one, fetched
  // now so the misses overlap as a plain group-by's do. Fetching an address
  // past the map is harmless (a hint, never a fault), so the far one is
  // clamped rather than tested.
  void fetch(std::uint32_t far_customer, std::uint32_t near_customer) const {
    __builtin_prefetch(slot_of_ + std::min(far_customer, customers_));
    if (near_customer < customers_) __builtin_prefetch(&tally_[slot_of_[near_customer] & ~kSeveral], 1);
  }
  void add(const Purchase& p) {
    if (p.customer >= customers_) return;
    const std::uint32_t slot = slot_of_[p.customer];
    if ((slot & kSeveral) != 0) [[unlikely]] {
      add_to_slots(x_, slot & ~kSeveral, p, w_);
      return;
    }
    // No branch on what was loaded for the pre-period (most lines of an
    // exposed member are in it, the rest are not: a mispredicted branch
    // after each miss would serialise them); unsigned compares:
    // from_exposure in [-pre_days, -1] and in [0, days). A mask, not
    // `in_pre ? amount : 0`, which g++ turns into a branch.
    Tally& tally = tally_[slot];
    const std::uint32_t from_exposure = static_cast<std::uint32_t>(p.day) + kBias - tally.exposed;
    const std::uint32_t in_pre = ~from_exposure < pre_days_ ? 1U : 0U;
    tally.pre_krw += p.amount_krw & -static_cast<std::int64_t>(in_pre);
    tally.pre_lines += in_pre;
    if (from_exposure < window_days_) [[unlikely]]
      tally.window_krw += p.amount_krw;
  }

 private:
  Exposed& x_;
  const UpliftWindow& w_;
  const std::uint32_t* slot_of_;
  Tally* tally_;
  std::uint32_t customers_, window_days_, pre_days_;
};

// The one pass over the purchases, a group-by by customer: each line adds
// to the window or the pre-period of its member's first exposure when it
// falls in one. Returns the last purchase day (of any customer). The lines
// with lines far enough ahead to fetch for are a loop of their own, so
// neither loop tests how far it is from the end.
Day sum_spend(Exposed& x, std::span<const Purchase> purchases, const UpliftWindow& w) {
  LineAdder adder(x, w);
  const std::size_t n = purchases.size(), fetched = n > 2 * kPrefetchAhead ? n - 2 * kPrefetchAhead : 0;
  Day last = std::numeric_limits<Day>::min();
  std::size_t i = 0;
  for (; i < fetched; ++i) {
    adder.fetch(purchases[i + 2 * kPrefetchAhead].customer, purchases[i + kPrefetchAhead].customer);
    last = std::max(last, purchases[i].day);
    adder.add(purchases[i]);
  }
  for (; i < n; ++i) {
    last = std::max(last, purchases[i].day);
    adder.add(purchases[i]);
  }
  return last;
}

struct CountedLeaves {
  std::vector<UpliftLeaf> leaves;    // in key order, those with a counted member
  std::vector<std::uint32_t> index;  // by leaf number: its place there, or kNone
};

// Rewrites each counted slot as its point, in place and in order (censored
// rows dropped, so a point never lands after its slot), leaf by leaf.
CountedLeaves make_points(Exposed& x, const LeafOrder& order, const UpliftReport& report) {
  CountedLeaves counted;
  counted.index.assign(x.leaves.keys.size(), kNone);
  Tally* const slots = &x.tally[0];
  std::uint32_t out = kSpare;
  const std::int64_t last_day = std::int64_t{report.data_end} - (report.window.days - 1);
  for (const std::uint32_t l : order.by_key) {
    UpliftLeaf leaf;
    const std::uint64_t key = x.leaves.keys[l];
    leaf.campaign = static_cast<std::uint32_t>(key >> 42);
    leaf.offer = static_cast<std::uint32_t>((key >> 21) & 0x1FFFFF);
    leaf.segment = static_cast<std::uint32_t>(key & 0x1FFFFF);
    leaf.begin = out - kSpare;
    const std::uint32_t end = order.first_slot[l] + static_cast<std::uint32_t>(x.leaves.rows[l]);
    for (std::uint32_t s = order.first_slot[l]; s < end; ++s) {
      // Read whole (as bytes: the point may be written over this very slot).
      Tally t;
      std::memcpy(&t, &slots[s], sizeof t);
      if (static_cast<std::int64_t>(t.exposed) - kBias > last_day) continue;
      const auto pre = static_cast<double>(t.pre_krw);
      ::new (static_cast<void*>(&slots[out++]))
          UpliftPoint{t.treated != 0, static_cast<double>(t.window_krw), pre,
                      t.pre_lines > 0 ? pre / static_cast<double>(t.pre_lines) : 0};
    }
    leaf.end = out - kSpare;
    if (leaf.end == leaf.begin) continue;
    counted.index[l] = static_cast<std::uint32_t>(counted.leaves.size());
    counted.leaves.push_back(leaf);
  }
  return counted;
}

// What treated, counted members redeemed, per leaf (whole numbers: any order).
void add_redemptions(const Exposed& x, const UpliftReport& report, CountedLeaves& counted) {
  for (std::uint32_t r = 0; r < x.row_count; ++r) {
    const FirstExposure& e = x.rows[r];
    if (e.held_out || !e.redeemed || std::int64_t{e.day} + report.window.days - 1 > report.data_end) continue;
    UpliftLeaf& l = counted.leaves[counted.index[e.leaf]];
    ++l.redeemed;
    l.discount_krw += e.discount_krw;
  }
}

}  // namespace

struct UpliftPass::State {
  State(const UpliftInput& in, std::size_t customers, const UpliftWindow& w)
      : input(in), window(w), exposed(in, customers) {}
  const UpliftInput& input;
  UpliftWindow window;
  Exposed exposed;
  LeafOrder order;
  Day last = std::numeric_limits<Day>::min();
};

UpliftPass::UpliftPass(std::unique_ptr<State> state) : state_(std::move(state)) {}
UpliftPass::UpliftPass(UpliftPass&&) noexcept = default;
UpliftPass& UpliftPass::operator=(UpliftPass&&) noexcept = default;
UpliftPass::~UpliftPass() = default;

Result<UpliftPass> UpliftPass::start(const UpliftInput& input,
                                     std::span<const std::uint32_t> member_of_customer,
                                     const UpliftWindow& window) {
  if (auto checked = check_input(input, window); !checked) return checked.error();
  auto state = std::make_unique<State>(input, member_of_customer.size(), window);
  if (auto added = add_first_exposures(input, state->exposed); !added) return added.error();
  state->order = number_slots(state->exposed);
  map_customers(member_of_customer, state->exposed);
  return UpliftPass(std::move(state));
}

void UpliftPass::add(std::span<const Purchase> purchases) {
  state_->last = std::max(state_->last, sum_spend(state_->exposed, purchases, state_->window));
}

UpliftReport UpliftPass::finish(std::optional<Day> data_end) {
  State& s = *state_;
  UpliftReport report;
  report.window = s.window;
  report.exposures = static_cast<std::int64_t>(s.input.exposures.size());
  report.data_end = data_end.value_or(s.last);
  CountedLeaves counted = make_points(s.exposed, s.order, report);
  add_redemptions(s.exposed, report, counted);
  const std::size_t points = counted.leaves.empty() ? 0 : counted.leaves.back().end;
  report.first_exposures = static_cast<std::int64_t>(points);
  report.censored = static_cast<std::int64_t>(s.exposed.row_count - points);
  const auto* first = std::launder(reinterpret_cast<const UpliftPoint*>(&s.exposed.tally[kSpare]));
  add_uplift_cells(s.input, counted.leaves, {first, points}, report);
  return report;
}

Result<UpliftReport> build_uplift_report(const UpliftInput& input, std::span<const Purchase> purchases,
                                         std::span<const std::uint32_t> member_of_customer,
                                         const UpliftWindow& window) {
  auto pass = UpliftPass::start(input, member_of_customer, window);
  if (!pass) return pass.error();
  pass->add(purchases);
  return pass->finish(window.data_end);
}

}  // namespace smartstore::models
