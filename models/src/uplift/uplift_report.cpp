// First exposure per (member, campaign), one pass over the purchases to sum
// each exposure's window and pre-period, then Welch + CUPED per cell.
#include "smartstore/models/uplift_report.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "smartstore/common/huge_pages.h"

namespace smartstore::models {
namespace {

// A member's first exposure to one campaign, with what it later spent.
struct FirstExposure {
  std::uint32_t campaign = 0, offer = 0, segment = 0;
  Day day = 0;
  bool held_out = false;
  bool redeemed = false;
  double discount_krw = 0;
};

// What a first exposure's member spent in its window and pre-period.
struct Spend {
  double window_krw = 0, pre_krw = 0;
  std::int64_t pre_lines = 0;
};

// First exposures grouped by member (compressed rows: member m owns
// rows[offset[m] .. offset[m+1])), built with a counting pass, no sort.
struct ExposureIndex {
  std::vector<std::uint32_t> offset;
  std::vector<FirstExposure> rows;
  std::vector<Spend> spend;  // by row
};

Status check_input(const UpliftInput& in, const UpliftWindow& w) {
  if (w.days < 1 || w.pre_days < 0)
    return fail(ErrorKind::invalid_input, "the uplift window needs days >= 1 and pre_days >= 0", "models");
  // Cells are keyed by campaign, offer and segment packed in 64 bits.
  constexpr std::size_t kMaxNames = (std::size_t{1} << 21) - 2;
  if (in.campaigns.size() > kMaxNames || in.offers.size() > kMaxNames || in.segments.size() > kMaxNames)
    return fail(ErrorKind::invalid_input, "more than 2,097,150 campaigns, offers or segments", "models");
  for (std::size_t i = 0; i < in.exposures.size(); ++i) {
    const Exposure& e = in.exposures[i];
    if (e.member >= in.members || e.campaign >= in.campaigns.size() || e.offer >= in.offers.size() ||
        e.segment >= in.segments.size())
      return fail(
          ErrorKind::invalid_input,
          "exposure " + std::to_string(i) + " names a member, campaign, offer or segment out of range",
          "models");
  }
  return ok();
}

// Keeps each member's earliest exposure per campaign (ties: the first
// listed); later scans only add their redemptions and discounts.
ExposureIndex first_exposures(const UpliftInput& in) {
  std::vector<std::uint32_t> count(in.members + 1, 0);
  for (const Exposure& e : in.exposures) ++count[e.member + 1];
  for (std::size_t m = 0; m < in.members; ++m) count[m + 1] += count[m];
  std::vector<const Exposure*> by_member(in.exposures.size());
  {
    std::vector<std::uint32_t> next(count.begin(), count.end() - 1);
    for (const Exposure& e : in.exposures) by_member[next[e.member]++] = &e;
  }
  ExposureIndex index;
  index.offset.assign(in.members + 1, 0);
  index.rows.reserve(in.exposures.size());
  for (std::size_t m = 0; m < in.members; ++m) {
    const std::size_t begin = index.rows.size();
    for (std::uint32_t k = count[m]; k < count[m + 1]; ++k) {
      const Exposure& e = *by_member[k];
      auto it = std::find_if(index.rows.begin() + static_cast<std::ptrdiff_t>(begin), index.rows.end(),
                             [&](const FirstExposure& f) { return f.campaign == e.campaign; });
      if (it == index.rows.end()) {
        index.rows.push_back({e.campaign, e.offer, e.segment, e.day, e.held_out, false, 0});
        it = index.rows.end() - 1;
      } else if (e.day < it->day) {
        it->offer = e.offer;
        it->segment = e.segment;
        it->day = e.day;
        it->held_out = e.held_out;
      }
      it->redeemed = it->redeemed || e.redeemed;
      it->discount_krw += static_cast<double>(e.discount_krw);
    }
    index.offset[m + 1] = static_cast<std::uint32_t>(index.rows.size());
  }
  return index;
}

// What one customer spent around its member's only first exposure: 32
// bytes, one cache line, read and written once per purchase line with no
// branch on what was loaded (a mispredicted branch after a cache miss would
// stall the misses the processor otherwise overlaps, as a plain group-by's
// are). Customers never exposed get a day no purchase is near.
struct alignas(32) Tally {
  Day exposed = 0;
  std::uint32_t pre_lines = 0;
  std::int64_t pre_krw = 0, window_krw = 0;
};
constexpr Day kNeverExposed = -(Day{1} << 29);  // any day minus it stays in range
constexpr Day kSeveral = std::numeric_limits<Day>::min();
constexpr std::size_t kPrefetchAhead = 32;

// Each customer's tally: its member's one exposure day, kSeveral for a
// member with several campaigns (walked row by row), or kNeverExposed. On
// huge pages: the pass below touches them at random.
HugePageArray<Tally> tallies_of(const ExposureIndex& index,
                                std::span<const std::uint32_t> member_of_customer) {
  HugePageArray<Tally> tallies(member_of_customer.size());
  for (std::size_t c = 0; c < tallies.size(); ++c) {
    const std::uint32_t m = member_of_customer[c];
    const bool member = m != kNoMember && std::size_t{m} + 1 < index.offset.size();
    const std::uint32_t begin = member ? index.offset[m] : 0, end = member ? index.offset[m + 1] : 0;
    tallies[c].exposed = end - begin == 1 ? index.rows[begin].day : end > begin ? kSeveral : kNeverExposed;
  }
  return tallies;
}

// A purchase of a member with several first exposures, added to each.
void add_to_rows(ExposureIndex& index, std::uint32_t member, const Purchase& p, const UpliftWindow& w) {
  for (std::uint32_t k = index.offset[member]; k < index.offset[member + 1]; ++k) {
    const Day from_exposure = p.day - index.rows[k].day;
    Spend& s = index.spend[k];
    if (from_exposure >= 0 && from_exposure < w.days) {
      s.window_krw += static_cast<double>(p.amount_krw);
    } else if (from_exposure < 0 && from_exposure >= -w.pre_days) {
      s.pre_krw += static_cast<double>(p.amount_krw);
      ++s.pre_lines;
    }
  }
}

// The one pass over the purchases: each line adds to the window or the
// pre-period of every first exposure of its member it falls in. Returns the
// last purchase day (of any customer).
Day sum_spend(ExposureIndex& index, std::span<const Purchase> purchases,
              std::span<const std::uint32_t> member_of_customer, const UpliftWindow& w) {
  HugePageArray<Tally> tallies = tallies_of(index, member_of_customer);
  index.spend.assign(index.rows.size(), Spend{});
  const auto window_days = static_cast<std::uint32_t>(w.days);
  const auto pre_days = static_cast<std::uint32_t>(w.pre_days);
  Day last = std::numeric_limits<Day>::min();
  const std::size_t customers = tallies.size();
  for (std::size_t i = 0; i < purchases.size(); ++i) {
    // The tally of a line a little ahead is fetched now: the misses overlap
    // however many instructions a line takes (without it, the reorder
    // buffer holds too few lines to keep several misses in flight).
    if (i + kPrefetchAhead < purchases.size()) {
      const std::uint32_t ahead = purchases[i + kPrefetchAhead].customer;
      if (ahead < customers) __builtin_prefetch(&tallies[ahead], 1);
    }
    const Purchase& p = purchases[i];
    last = std::max(last, p.day);
    if (p.customer >= customers) continue;
    Tally& t = tallies[p.customer];
    if (t.exposed == kSeveral) [[unlikely]] {
      add_to_rows(index, member_of_customer[p.customer], p, w);
      continue;
    }
    // Unsigned compares: from_exposure in [-pre_days, -1] and in [0, days).
    const auto from_exposure = static_cast<std::uint32_t>(p.day - t.exposed);
    const bool in_pre = ~from_exposure < pre_days;
    t.pre_krw += in_pre ? p.amount_krw : 0;
    t.pre_lines += in_pre ? 1U : 0U;
    t.window_krw += from_exposure < window_days ? p.amount_krw : 0;
  }
  // Customers into their member's row (two customers may share a member).
  for (std::size_t c = 0; c < customers; ++c) {
    const Tally& t = tallies[c];
    if (t.exposed == kSeveral || t.exposed == kNeverExposed) continue;
    Spend& s = index.spend[index.offset[member_of_customer[c]]];
    s.window_krw += static_cast<double>(t.window_krw);
    s.pre_krw += static_cast<double>(t.pre_krw);
    s.pre_lines += t.pre_lines;
  }
  return last;
}

// Observations sorted by (campaign, offer, segment): every row of the report,
// a campaign's, an offer's or a segment's, is then one contiguous span.
struct SortedObservations {
  std::vector<UpliftObservation> obs;
  struct Leaf {
    std::uint32_t campaign = 0, offer = 0, segment = 0;
    std::size_t begin = 0, end = 0;
  };
  std::vector<Leaf> leaves;  // in key order
};

UpliftObservation observation_of(const FirstExposure& f, const Spend& spent) {
  UpliftObservation o;
  o.treated = !f.held_out;
  o.spend_krw = spent.window_krw;
  o.pre_spend_krw = spent.pre_krw;
  o.pre_line_krw = spent.pre_lines > 0 ? spent.pre_krw / static_cast<double>(spent.pre_lines) : 0;
  o.redeemed = !f.held_out && f.redeemed;
  o.discount_krw = f.held_out ? 0.0 : f.discount_krw;
  return o;
}

// A counting sort over the (few) leaves, one allocation for all observations.
SortedObservations sort_observations(const UpliftInput& in, const ExposureIndex& index,
                                     const std::vector<std::uint32_t>& counted) {
  const auto key = [&](std::uint32_t r) {
    const FirstExposure& f = index.rows[r];
    return (std::uint64_t{f.campaign} << 42) | (std::uint64_t{f.offer} << 21) | f.segment;
  };
  // Leaves numbered in order of first appearance, through a dense table
  // of every (campaign, offer, segment) when it is small (as it is: a few
  // campaigns, offers and segments), else a hash map.
  const std::size_t cells = in.campaigns.size() * in.offers.size() * in.segments.size();
  constexpr std::size_t kDenseCells = std::size_t{1} << 20;
  std::vector<std::uint32_t> dense(cells <= kDenseCells ? cells : 0, kNoMember);
  std::unordered_map<std::uint64_t, std::uint32_t> leaf_of;
  std::vector<std::uint32_t> leaf(counted.size());
  for (std::size_t i = 0; i < counted.size(); ++i) {
    const FirstExposure& f = index.rows[counted[i]];
    const std::uint64_t k = key(counted[i]);
    if (dense.empty()) {
      leaf[i] = leaf_of.try_emplace(k, static_cast<std::uint32_t>(leaf_of.size())).first->second;
      continue;
    }
    std::uint32_t& d =
        dense[(std::size_t{f.campaign} * in.offers.size() + f.offer) * in.segments.size() + f.segment];
    if (d == kNoMember) {
      d = static_cast<std::uint32_t>(leaf_of.size());
      leaf_of.emplace(k, d);
    }
    leaf[i] = d;
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order(leaf_of.begin(), leaf_of.end());
  std::sort(order.begin(), order.end());
  std::vector<std::uint32_t> rank(order.size());
  SortedObservations out;
  out.leaves.resize(order.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    rank[order[r].second] = static_cast<std::uint32_t>(r);
    const std::uint64_t k = order[r].first;
    out.leaves[r] = {static_cast<std::uint32_t>(k >> 42), static_cast<std::uint32_t>((k >> 21) & 0x1FFFFF),
                     static_cast<std::uint32_t>(k & 0x1FFFFF), 0, 0};
  }
  for (std::uint32_t l : leaf) ++out.leaves[rank[l]].end;
  std::size_t at = 0;
  for (auto& l : out.leaves) {
    l.begin = at;
    at += l.end;
    l.end = l.begin;
  }
  out.obs.resize(counted.size());
  for (std::size_t i = 0; i < counted.size(); ++i)
    out.obs[out.leaves[rank[leaf[i]]].end++] =
        observation_of(index.rows[counted[i]], index.spend[counted[i]]);
  return out;
}

UpliftCell estimate_cell(const UpliftInput& in, const SortedObservations::Leaf& span, bool all_offers,
                         bool all_segments, std::span<const UpliftObservation> obs) {
  UpliftCell cell;
  cell.campaign = in.campaigns[span.campaign];
  cell.offer = all_offers ? "*" : in.offers[span.offer];
  cell.segment = all_segments ? "*" : in.segments[span.segment];
  for (const auto& o : obs) (o.treated ? cell.treated : cell.control) += 1;
  auto e = estimate_uplift(obs);
  if (e)
    cell.estimate = std::move(*e);
  else
    cell.note = e.error().message();
  return cell;
}

// Rows in order: a campaign, then each offer and its segments. A row with a
// single child repeats its parent (the campaign's one offer, an offer's one
// segment): only the parent is kept.
void add_cells(const UpliftInput& in, const SortedObservations& s, UpliftReport& report) {
  const auto& L = s.leaves;
  const std::span<const UpliftObservation> all(s.obs);
  for (std::size_t c = 0; c < L.size();) {
    std::size_t c_end = c;
    std::size_t offers = 0;
    for (; c_end < L.size() && L[c_end].campaign == L[c].campaign; ++c_end)
      if (c_end == c || L[c_end].offer != L[c_end - 1].offer) ++offers;
    SortedObservations::Leaf campaign = L[c];
    campaign.end = L[c_end - 1].end;
    report.cells.push_back(
        estimate_cell(in, campaign, true, true, all.subspan(campaign.begin, campaign.end - campaign.begin)));
    for (std::size_t o = c; o < c_end;) {
      std::size_t o_end = o;
      while (o_end < c_end && L[o_end].offer == L[o].offer) ++o_end;
      SortedObservations::Leaf offer = L[o];
      offer.end = L[o_end - 1].end;
      if (offers > 1)
        report.cells.push_back(
            estimate_cell(in, offer, false, true, all.subspan(offer.begin, offer.end - offer.begin)));
      for (std::size_t g = o; g < o_end && o_end - o > 1; ++g)
        report.cells.push_back(
            estimate_cell(in, L[g], false, false, all.subspan(L[g].begin, L[g].end - L[g].begin)));
      o = o_end;
    }
    c = c_end;
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
  ExposureIndex index = first_exposures(input);
  report.data_end = window.data_end.value_or(sum_spend(index, purchases, member_of_customer, window));
  std::vector<std::uint32_t> counted;
  counted.reserve(index.rows.size());
  for (std::uint32_t r = 0; r < index.rows.size(); ++r) {
    if (index.rows[r].day + window.days - 1 > report.data_end)
      ++report.censored;
    else
      counted.push_back(r);
  }
  report.first_exposures = static_cast<std::int64_t>(counted.size());
  add_cells(input, sort_observations(input, index, counted), report);
  return report;
}

}  // namespace smartstore::models
