// Welch + CUPED for every row of the report, one campaign at a time: each of
// the estimator's four passes reads the campaign's members once and adds each
// to its campaign's, offer's and segment's sums together (a campaign's
// members in segment order are the concatenation of its segments').
#include <algorithm>
#include <array>
#include <vector>

#include "uplift_cells.h"

namespace smartstore::models {
namespace {

// The sums one leaf's members are added to: its campaign's, its offer's
// when the campaign has several offers, its own when its offer has several
// segments (other rows would repeat their parent and are not reported).
struct LeafTargets {
  std::array<UpliftSums*, 3> sums{};
  std::size_t count = 0;
};

// A leaf's points into each of its sums, through a local copy the compiler
// keeps in registers (through the pointer it would store every sum back on
// every point); a block at a time, each block into every target while it is
// in cache (64 KiB), so the points are read from memory once per pass. Each
// sum still takes its points in order.
template <int Pass>
void run_pass(std::span<const UpliftLeaf> leaves, std::span<const LeafTargets> targets,
              std::span<const UpliftPoint> points) {
  constexpr std::size_t kBlock = 2048;
  for (std::size_t g = 0; g < leaves.size(); ++g) {
    for (std::size_t b = leaves[g].begin; b < leaves[g].end; b += kBlock) {
      const auto run = points.subspan(b, std::min(kBlock, leaves[g].end - b));
      for (std::size_t k = 0; k < targets[g].count; ++k) {
        UpliftSums local = *targets[g].sums[k];
        for (const UpliftPoint& p : run) local.template add<Pass>(p);
        *targets[g].sums[k] = local;
      }
    }
  }
}

UpliftCell cell_of(const UpliftInput& in, const UpliftLeaf& leaf, bool all_offers, bool all_segments,
                   const UpliftSums& sums) {
  UpliftCell cell;
  cell.campaign = in.campaigns[leaf.campaign];
  cell.offer = all_offers ? "*" : in.offers[leaf.offer];
  cell.segment = all_segments ? "*" : in.segments[leaf.segment];
  cell.treated = sums.treated();
  cell.control = sums.control();
  auto e = sums.estimate();
  if (e)
    cell.estimate = std::move(*e);
  else
    cell.note = e.error().message();
  return cell;
}

// One campaign's leaves: its rows, estimated together.
void add_campaign(const UpliftInput& in, std::span<const UpliftLeaf> leaves,
                  std::span<const UpliftPoint> points, UpliftReport& report) {
  // Offer runs [offer_begin[k], offer_begin[k + 1]) of the leaves.
  std::vector<std::size_t> offer_begin;
  for (std::size_t g = 0; g < leaves.size(); ++g)
    if (g == 0 || leaves[g].offer != leaves[g - 1].offer) offer_begin.push_back(g);
  offer_begin.push_back(leaves.size());
  const std::size_t offers = offer_begin.size() - 1;
  UpliftSums campaign;
  std::vector<UpliftSums> offer_sums(offers), leaf_sums(leaves.size());
  std::vector<LeafTargets> targets(leaves.size());
  for (std::size_t k = 0; k < offers; ++k) {
    const bool segment_rows = offer_begin[k + 1] - offer_begin[k] > 1;
    for (std::size_t g = offer_begin[k]; g < offer_begin[k + 1]; ++g) {
      LeafTargets& t = targets[g];
      t.sums[t.count++] = &campaign;
      if (offers > 1) t.sums[t.count++] = &offer_sums[k];
      if (segment_rows) t.sums[t.count++] = &leaf_sums[g];
      for (std::size_t s = 0; s < t.count; ++s)
        t.sums[s]->add_redemptions(leaves[g].redeemed, 0, static_cast<double>(leaves[g].discount_krw));
    }
  }
  std::vector<UpliftSums*> all{&campaign};
  for (auto& s : offer_sums) all.push_back(&s);
  for (auto& s : leaf_sums) all.push_back(&s);
  const auto end_pass = [&all](int pass) {
    for (UpliftSums* s : all) s->end(pass);
  };
  run_pass<0>(leaves, targets, points);
  end_pass(0);
  run_pass<1>(leaves, targets, points);
  end_pass(1);
  run_pass<2>(leaves, targets, points);
  end_pass(2);
  run_pass<3>(leaves, targets, points);
  end_pass(3);

  report.cells.push_back(cell_of(in, leaves.front(), true, true, campaign));
  for (std::size_t k = 0; k < offers; ++k) {
    if (offers > 1) report.cells.push_back(cell_of(in, leaves[offer_begin[k]], false, true, offer_sums[k]));
    if (offer_begin[k + 1] - offer_begin[k] < 2) continue;
    for (std::size_t g = offer_begin[k]; g < offer_begin[k + 1]; ++g)
      report.cells.push_back(cell_of(in, leaves[g], false, false, leaf_sums[g]));
  }
}

}  // namespace

void add_uplift_cells(const UpliftInput& in, std::span<const UpliftLeaf> leaves,
                      std::span<const UpliftPoint> points, UpliftReport& report) {
  for (std::size_t c = 0; c < leaves.size();) {
    std::size_t c_end = c;
    while (c_end < leaves.size() && leaves[c_end].campaign == leaves[c].campaign) ++c_end;
    add_campaign(in, leaves.subspan(c, c_end - c), points, report);
    c = c_end;
  }
}

}  // namespace smartstore::models
