// First exposure per (member, campaign), one pass over the purchases to sum
// each exposure's window and pre-period, then Welch + CUPED per cell.
#include "smartstore/models/uplift_report.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

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

// What a first exposure's member spent: apart from FirstExposure so the
// purchase pass touches 24 bytes per line it counts.
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

// Where a customer's purchases go: the one first exposure's row and its day
// (most members are exposed to one campaign), or kSeveral and the member,
// whose rows are then walked. 8 bytes per customer, read once per line: the
// pass costs about what summing spend per customer costs.
struct Slot {
  Day day = 0;
  std::uint32_t row = kNoMember;
};
constexpr Day kSeveral = std::numeric_limits<Day>::min();

std::vector<Slot> slots_of(const ExposureIndex& index, std::span<const std::uint32_t> member_of_customer) {
  std::vector<Slot> slots(member_of_customer.size());
  for (std::size_t c = 0; c < slots.size(); ++c) {
    const std::uint32_t m = member_of_customer[c];
    if (m == kNoMember || m + 1 >= index.offset.size()) continue;
    const std::uint32_t begin = index.offset[m], end = index.offset[m + 1];
    if (end - begin == 1)
      slots[c] = {index.rows[begin].day, begin};
    else if (end > begin)
      slots[c] = {kSeveral, m};
  }
  return slots;
}

// The one pass over the purchases: each line adds to the window or the
// pre-period of every first exposure of its member it falls in. Returns the
// last purchase day (of any customer).
Day sum_spend(ExposureIndex& index, std::span<const Purchase> purchases,
              std::span<const std::uint32_t> member_of_customer, const UpliftWindow& w) {
  const std::vector<Slot> slots = slots_of(index, member_of_customer);
  index.spend.assign(index.rows.size(), Spend{});
  const auto add = [&](Day exposed, std::uint32_t row, const Purchase& p) {
    const Day from_exposure = p.day - exposed;
    if (from_exposure >= 0 && from_exposure < w.days) {
      index.spend[row].window_krw += static_cast<double>(p.amount_krw);
    } else if (from_exposure < 0 && from_exposure >= -w.pre_days) {
      index.spend[row].pre_krw += static_cast<double>(p.amount_krw);
      ++index.spend[row].pre_lines;
    }
  };
  Day last = std::numeric_limits<Day>::min();
  for (const Purchase& p : purchases) {
    last = std::max(last, p.day);
    if (p.customer >= slots.size()) continue;
    const Slot s = slots[p.customer];
    if (s.row == kNoMember) continue;
    if (s.day != kSeveral) {
      add(s.day, s.row, p);
      continue;
    }
    for (std::uint32_t k = index.offset[s.row]; k < index.offset[s.row + 1]; ++k)
      add(index.rows[k].day, k, p);
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
SortedObservations sort_observations(const ExposureIndex& index, const std::vector<std::uint32_t>& counted) {
  const auto key = [&](std::uint32_t r) {
    const FirstExposure& f = index.rows[r];
    return (std::uint64_t{f.campaign} << 42) | (std::uint64_t{f.offer} << 21) | f.segment;
  };
  std::unordered_map<std::uint64_t, std::uint32_t> leaf_of;
  std::vector<std::uint32_t> leaf(counted.size());
  for (std::size_t i = 0; i < counted.size(); ++i)
    leaf[i] = leaf_of.try_emplace(key(counted[i]), static_cast<std::uint32_t>(leaf_of.size())).first->second;
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
  add_cells(input, sort_observations(index, counted), report);
  return report;
}

}  // namespace smartstore::models
