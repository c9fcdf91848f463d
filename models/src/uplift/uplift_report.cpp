// First exposure per (member, campaign), one pass over the purchases to sum
// each exposure's window and pre-period, then Welch + CUPED per cell.
#include "smartstore/models/uplift_report.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace smartstore::models {
namespace {

// A member's first exposure to one campaign, with what it later spent.
struct FirstExposure {
  std::uint32_t campaign = 0, offer = 0, segment = 0;
  Day day = 0;
  bool held_out = false;
  bool redeemed = false;
  double discount_krw = 0;
  double spend_krw = 0, pre_spend_krw = 0;
  std::int64_t pre_lines = 0;
};

// First exposures grouped by member (compressed rows: member m owns
// rows[offset[m] .. offset[m+1])), built with a counting pass, no sort.
struct ExposureIndex {
  std::vector<std::uint32_t> offset;
  std::vector<FirstExposure> rows;
};

Status check_input(const UpliftInput& in, const UpliftWindow& w) {
  if (w.days < 1 || w.pre_days < 0)
    return fail(ErrorKind::invalid_input, "the uplift window needs days >= 1 and pre_days >= 0", "models");
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
        index.rows.push_back({e.campaign, e.offer, e.segment, e.day, e.held_out, false, 0, 0, 0, 0});
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

// The one pass over the purchases: each line adds to the window or the
// pre-period of every first exposure of its member it falls in.
void sum_spend(ExposureIndex& index, std::span<const Purchase> purchases,
               std::span<const std::uint32_t> member_of_customer, const UpliftWindow& w) {
  for (const Purchase& p : purchases) {
    if (p.customer >= member_of_customer.size()) continue;
    const std::uint32_t m = member_of_customer[p.customer];
    if (m == kNoMember || m + 1 >= index.offset.size()) continue;
    for (std::uint32_t k = index.offset[m]; k < index.offset[m + 1]; ++k) {
      FirstExposure& f = index.rows[k];
      const Day from_exposure = p.day - f.day;
      if (from_exposure >= 0 && from_exposure < w.days)
        f.spend_krw += static_cast<double>(p.amount_krw);
      else if (from_exposure < 0 && from_exposure >= -w.pre_days) {
        f.pre_spend_krw += static_cast<double>(p.amount_krw);
        ++f.pre_lines;
      }
    }
  }
}

using CellKey =
    std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;  // campaign, offer+1, segment+1 (0 = all)

UpliftCell estimate_cell(const UpliftInput& in, const CellKey& key,
                         const std::vector<UpliftObservation>& obs) {
  UpliftCell cell;
  cell.campaign = in.campaigns[std::get<0>(key)];
  cell.offer = std::get<1>(key) == 0 ? "*" : in.offers[std::get<1>(key) - 1];
  cell.segment = std::get<2>(key) == 0 ? "*" : in.segments[std::get<2>(key) - 1];
  for (const auto& o : obs) (o.treated ? cell.treated : cell.control) += 1;
  auto e = estimate_uplift(obs);
  if (e)
    cell.estimate = std::move(*e);
  else
    cell.note = e.error().message();
  return cell;
}

}  // namespace

Result<UpliftReport> build_uplift_report(const UpliftInput& input, std::span<const Purchase> purchases,
                                         std::span<const std::uint32_t> member_of_customer,
                                         const UpliftWindow& window) {
  if (auto checked = check_input(input, window); !checked) return checked.error();
  UpliftReport report;
  report.window = window;
  report.exposures = static_cast<std::int64_t>(input.exposures.size());
  Day last = std::numeric_limits<Day>::min();
  for (const Purchase& p : purchases) last = std::max(last, p.day);
  report.data_end = window.data_end.value_or(last);
  ExposureIndex index = first_exposures(input);
  sum_spend(index, purchases, member_of_customer, window);
  // Ordered map: "*" rows (index 0) sort before their offers and segments.
  std::map<CellKey, std::vector<UpliftObservation>> cells;
  for (const FirstExposure& f : index.rows) {
    if (f.day + window.days - 1 > report.data_end) {
      ++report.censored;
      continue;
    }
    ++report.first_exposures;
    UpliftObservation o;
    o.treated = !f.held_out;
    o.spend_krw = f.spend_krw;
    o.pre_spend_krw = f.pre_spend_krw;
    o.pre_line_krw = f.pre_lines > 0 ? f.pre_spend_krw / static_cast<double>(f.pre_lines) : 0;
    o.redeemed = !f.held_out && f.redeemed;
    o.discount_krw = f.held_out ? 0.0 : f.discount_krw;
    cells[{f.campaign, 0, 0}].push_back(o);
    cells[{f.campaign, f.offer + 1, 0}].push_back(o);
    cells[{f.campaign, f.offer + 1, f.segment + 1}].push_back(o);
  }
  // A row with a single child repeats its parent: the campaign's one offer,
  // an offer's one segment. Only the parent is kept.
  std::map<std::pair<std::uint32_t, std::uint32_t>, int>
      children;  // (campaign, offer+1 or 0) -> rows under it
  for (const auto& entry : cells) {
    const CellKey& key = entry.first;
    if (std::get<1>(key) != 0 && std::get<2>(key) == 0) ++children[{std::get<0>(key), 0}];
    if (std::get<2>(key) != 0) ++children[{std::get<0>(key), std::get<1>(key)}];
  }
  for (const auto& [key, obs] : cells) {
    const bool segment_row = std::get<2>(key) != 0;
    const std::pair<std::uint32_t, std::uint32_t> parent{std::get<0>(key),
                                                         segment_row ? std::get<1>(key) : 0};
    if (std::get<1>(key) != 0 && children[parent] == 1) continue;
    report.cells.push_back(estimate_cell(input, key, obs));
  }
  return report;
}

}  // namespace smartstore::models
