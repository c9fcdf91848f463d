// BG/NBD maximum likelihood on sufficient statistics: the distinct
// (x, t_x, T) triples with their counts, and the log-likelihood's analytic
// gradient and Hessian for Newton's method.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <unordered_map>

#include "newton.h"
#include "smartstore/models/bgnbd.h"
#include "special_functions.h"

namespace smartstore::models {
namespace {

using analytics::digamma;
using analytics::log_gamma;
using analytics::summed_beta_terms;
using analytics::trigamma;

// A lambda (not a function pointer) so std::sort inlines the comparison.
constexpr auto before = [](const BgNbdGroup& l, const BgNbdGroup& r) {
  return std::tie(l.x, l.t_x, l.T) < std::tie(r.x, r.t_x, r.T);
};
bool same(const BgNbdGroup& l, const BgNbdGroup& r) {
  return l.x == r.x && l.t_x == r.t_x && l.T == r.T;
}

// Index of each value in the sorted distinct list of `values`.
std::vector<std::uint32_t> distinct_index(const std::vector<double>& values, std::vector<double>& distinct) {
  distinct = values;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<std::uint32_t> index(values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    index[i] = static_cast<std::uint32_t>(std::lower_bound(distinct.begin(), distinct.end(), values[i]) -
                                          distinct.begin());
  return index;
}

// The triples in scaled time, each coordinate as an index into its distinct
// values: log(α + T) and friends are then computed once per distinct value
// (a few hundred) rather than once per triple.
struct Problem {
  std::vector<double> xs, ts, txs;  // distinct x, scaled T, scaled t_x
  std::vector<double> weight_of_x;  // customers per distinct x
  struct Term {
    std::uint32_t x, T, t_x;
    double w;
  };
  std::vector<Term> terms;
  double n = 0;
  bool whole_x = true;  // every x a whole number (purchase counts are)

  Problem(std::span<const BgNbdGroup> groups, double scale) {
    std::vector<double> x, T, t_x;
    for (const BgNbdGroup& g : groups) {
      x.push_back(g.x);
      T.push_back(g.T * scale);
      t_x.push_back(g.t_x * scale);
    }
    const auto xi = distinct_index(x, xs), ti = distinct_index(T, ts), txi = distinct_index(t_x, txs);
    whole_x = std::all_of(xs.begin(), xs.end(), [](double v) { return summed_beta_terms(v); });
    weight_of_x.assign(xs.size(), 0.0);
    for (std::size_t i = 0; i < groups.size(); ++i) {
      terms.push_back({xi[i], ti[i], txi[i], groups[i].count});
      weight_of_x[xi[i]] += groups[i].count;
      n += groups[i].count;
    }
  }

  // Mean negative log-likelihood at log-parameters lp, its gradient and
  // Hessian. Each term is ln(e^u3 + e^u4) with u3 = −(r+x) ln(α+T) and
  // u4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x): with shares w3 + w4 = 1 its
  // gradient is w3∇u3 + w4∇u4 and its Hessian w3∇²u3 + w4∇²u4 +
  // w3·w4·δδᵀ, δ = ∇u3 − ∇u4.
  double operator()(const Eigen::VectorXd& lp, Eigen::VectorXd& grad, Eigen::MatrixXd& hess) {
    const double r = std::exp(lp(0)), alpha = std::exp(lp(1)), a = std::exp(lp(2)), b = std::exp(lp(3));
    double sum = n * (-log_gamma(r) + r * std::log(alpha));
    // First and second derivatives of the log-likelihood in (r, α, a, b).
    std::array<double, 4> d{n * (-digamma(r) + std::log(alpha)), n * r / alpha, 0.0, 0.0};
    std::array<std::array<double, 4>, 4> h{};
    h[0][0] = -n * trigamma(r);
    h[0][1] = n / alpha;
    h[1][1] = -n * r / (alpha * alpha);
    per_x(r, a, b, sum, d, h);
    if (whole_x)
      beta_sums(a, b, sum, d, h);
    else
      beta_gammas(a, b, sum, d, h);
    at(ts, alpha, log_t, inv_t);
    at(txs, alpha, log_tx, inv_tx);
    add_terms(r, a, sum, d, h);
    const std::array<double, 4> theta{r, alpha, a, b};
    for (int i = 0; i < 4; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      grad(i) = -d[ui] * theta[ui] / n;
      for (int j = i; j < 4; ++j) {
        const auto uj = static_cast<std::size_t>(j);
        hess(i, j) = hess(j, i) =
            -(h[ui][uj] * theta[ui] * theta[uj] + (i == j ? d[ui] * theta[ui] : 0.0)) / n;
      }
    }
    return -sum / n;
  }

 private:
  using Grad = std::array<double, 4>;
  using Hess = std::array<std::array<double, 4>, 4>;  // upper triangle used

  // The gamma-function terms in r, once per distinct x.
  void per_x(double r, double a, double b, double& sum, Grad& d, Hess& h) {
    log_b_x.resize(xs.size());
    inv_b_x.resize(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double x = xs[i], w = weight_of_x[i];
      sum += w * log_gamma(r + x);
      d[0] += w * digamma(r + x);
      h[0][0] += w * trigamma(r + x);
      log_b_x[i] = x > 0 ? std::log(a) - std::log(b + x - 1) : 0.0;
      inv_b_x[i] = x > 0 ? 1 / (b + x - 1) : 0.0;
    }
  }

  // The Beta mixture's share, ln B(a, b+x) − ln B(a, b), for whole x as
  // −Σ_{i<x} ln(1 + a/(b+i)), with its derivatives term by term. The
  // gamma-function form cancels catastrophically when b is large: where
  // nobody churns the likelihood rises towards b → ∞, ln Γ(b) grows past
  // 1e8 and its rounding swamps the differences the fit steps by.
  void beta_sums(double a, double b, double& sum, Grad& d, Hess& h) const {
    double v = 0, da = 0, db = 0, daa = 0, dbb = 0;  // daa is also ∂²/∂a∂b
    std::size_t k = 0;
    while (k < xs.size() && xs[k] == 0) ++k;
    for (double i = 0; k < xs.size(); i += 1) {
      const double bi = b + i, p = 1 / bi, q = 1 / (a + bi);
      v -= std::log1p(a * p);
      da -= q;
      db += a * p * q;
      daa += q * q;
      dbb -= a * (a + 2 * bi) * p * p * q * q;
      for (; k < xs.size() && xs[k] == i + 1; ++k) {
        const double w = weight_of_x[k];
        sum += w * v;
        d[2] += w * da;
        d[3] += w * db;
        h[2][2] += w * daa;
        h[2][3] += w * daa;
        h[3][3] += w * dbb;
      }
    }
  }

  // The same share for fractional x, through the gamma functions.
  void beta_gammas(double a, double b, double& sum, Grad& d, Hess& h) const {
    const double psi_ab = digamma(a + b), psi_b = digamma(b), tri_ab = trigamma(a + b), tri_b = trigamma(b);
    // Not a function of x; the sum still takes this difference first, so every term rounds as before.
    const double lg_ab_b = log_gamma(a + b) - log_gamma(b);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double x = xs[i], w = weight_of_x[i], psi_abx = digamma(a + b + x), tri_abx = trigamma(a + b + x);
      sum += w * (lg_ab_b + log_gamma(b + x) - log_gamma(a + b + x));
      d[2] += w * (psi_ab - psi_abx);
      d[3] += w * (psi_ab - psi_b + digamma(b + x) - psi_abx);
      h[2][2] += w * (tri_ab - tri_abx);
      h[2][3] += w * (tri_ab - tri_abx);
      h[3][3] += w * (tri_ab - tri_b + trigamma(b + x) - tri_abx);
    }
  }

  // Every triple's ln(e^u3 + e^u4), weighted by its count, into sum, d and
  // h (index 0 r, 1 α, 2 a, 3 b), summed in locals through the loop so they
  // stay in registers. With δ = (δr, δα, −1/a, 1/(b+x−1)), the terms in a
  // are summed without their 1/a factors, applied once after the loop.
  // log(1 + e) rather than log1p: e <= 1, and glibc's log1p costs twice as much.
  void add_terms(double r, double a, double& sum, Grad& d, Hess& h) const {
    double s = 0, dr = 0, dal = 0, alive = 0, db = 0;  // alive: Σ w·w4
    double h00 = 0, h01 = 0, h03 = 0, h11 = 0, h13 = 0, h33 = 0;
    double mixed = 0, mixed_r = 0, mixed_al = 0, mixed_b = 0;  // Σ w·w3·w4 (× δr, δα, 1/(b+x−1))
    for (const Term& t : terms) {
      const double x = xs[t.x], rx = r + x, lt = log_t[t.T], it = inv_t[t.T], l3 = -rx * lt;
      if (x == 0) {
        s += t.w * l3;
        dr -= t.w * lt;
        dal -= t.w * rx * it;
        h01 -= t.w * it;
        h11 += t.w * rx * it * it;
        continue;
      }
      const double ltx = log_tx[t.t_x], itx = inv_tx[t.t_x], ibx = inv_b_x[t.x];
      const double gap = log_b_x[t.x] - rx * ltx - l3;  // u4 − u3
      const double e = std::exp(-std::abs(gap)), share = 1 / (1 + e);
      const double w4 = gap > 0 ? share : e * share, w3 = 1 - w4, tw4 = t.w * w4, ww = tw4 * w3;
      const double er = ltx - lt, eal = rx * (itx - it);
      s += t.w * (l3 + std::max(gap, 0.0) + std::log(1 + e));
      dr -= t.w * (w3 * lt + w4 * ltx);
      dal -= t.w * rx * (w3 * it + w4 * itx);
      alive += tw4;
      db -= tw4 * ibx;
      h00 += ww * er * er;
      h01 += ww * er * eal - t.w * (w3 * it + w4 * itx);
      h03 += ww * er * ibx;
      h11 += ww * eal * eal + t.w * rx * (w3 * it * it + w4 * itx * itx);
      h13 += ww * eal * ibx;
      h33 += (ww + tw4) * ibx * ibx;
      mixed += ww;
      mixed_r += ww * er;
      mixed_al += ww * eal;
      mixed_b += ww * ibx;
    }
    const double ia = 1 / a;
    sum += s;
    d[0] += dr;
    d[1] += dal;
    d[2] += alive * ia;
    d[3] += db;
    h[0][0] += h00;
    h[0][1] += h01;
    h[0][2] -= mixed_r * ia;
    h[0][3] += h03;
    h[1][1] += h11;
    h[1][2] -= mixed_al * ia;
    h[1][3] += h13;
    h[2][2] += (mixed - alive) * ia * ia;
    h[2][3] -= mixed_b * ia;
    h[3][3] += h33;
  }

  // ln(α + t) and 1/(α + t) for each distinct time t.
  static void at(const std::vector<double>& times, double alpha, std::vector<double>& logs,
                 std::vector<double>& inverses) {
    logs.resize(times.size());
    inverses.resize(times.size());
    for (std::size_t i = 0; i < times.size(); ++i) {
      logs[i] = std::log(alpha + times[i]);
      inverses[i] = 1 / (alpha + times[i]);
    }
  }
  std::vector<double> log_b_x, inv_b_x, log_t, inv_t, log_tx, inv_tx;
};

}  // namespace

Result<std::vector<BgNbdGroup>> bgnbd_groups(std::span<const RfmtRow> rows) {
  // Counted in a hash table and only the distinct triples sorted: a million
  // rows hold a few hundred thousand triples at most.
  using Key = std::array<std::uint64_t, 3>;
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      std::uint64_t h = k[0] * 0x9e3779b97f4a7c15ULL;
      h = (h ^ (h >> 29) ^ k[1]) * 0xbf58476d1ce4e5b9ULL;
      h = (h ^ (h >> 31) ^ k[2]) * 0x94d049bb133111ebULL;
      return static_cast<std::size_t>(h ^ (h >> 32));
    }
  };
  // +0.0 folds -0.0 into 0.0, so equal values have equal bits.
  auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v + 0.0); };
  std::unordered_map<Key, double, KeyHash> counts;
  counts.reserve(std::min<std::size_t>(rows.size(), 1 << 20));
  for (const RfmtRow& r : rows) {
    if (!(r.frequency >= 0) || !(r.recency >= 0) || !(r.T >= r.recency))
      return fail(ErrorKind::invalid_input, "invalid summary row: need frequency >= 0 and 0 <= recency <= T",
                  "models");
    counts[{bits(r.frequency), bits(r.recency), bits(r.T)}] += 1.0;
  }
  std::vector<BgNbdGroup> groups;
  groups.reserve(counts.size());
  for (const auto& [k, n] : counts)
    groups.push_back(
        {std::bit_cast<double>(k[0]), std::bit_cast<double>(k[1]), std::bit_cast<double>(k[2]), n});
  std::sort(groups.begin(), groups.end(), before);
  return groups;
}

void merge_bgnbd_groups(std::vector<BgNbdGroup>& groups, std::span<const BgNbdGroup> more) {
  std::vector<BgNbdGroup> merged;
  merged.reserve(groups.size() + more.size());
  std::merge(groups.begin(), groups.end(), more.begin(), more.end(), std::back_inserter(merged), before);
  std::size_t out = 0;
  for (std::size_t i = 0; i < merged.size(); ++i) {
    if (out > 0 && same(merged[out - 1], merged[i]))
      merged[out - 1].count += merged[i].count;
    else
      merged[out++] = merged[i];
  }
  merged.resize(out);
  groups = std::move(merged);
}

Result<BgNbdFit> fit_bgnbd(std::span<const BgNbdGroup> groups, const BgNbdOptions& options) {
  double max_T = 0, n = 0;
  for (const BgNbdGroup& g : groups) {
    if (!(g.x >= 0) || !(g.t_x >= 0) || !(g.T >= g.t_x) || !(g.count > 0))
      return fail(ErrorKind::invalid_input, "invalid triple: need x >= 0, 0 <= t_x <= T and a positive count",
                  "models");
    max_T = std::max(max_T, g.T);
    n += g.count;
  }
  if (n == 0) return fail(ErrorKind::invalid_input, "no customers to fit", "models");
  // Like lifetimes, fit on times scaled so the longest T is 10, then scale
  // alpha back: it keeps all four log-parameters near the same magnitude.
  const double scale = max_T > 0 ? 10.0 / max_T : 1.0;
  Problem problem(groups, scale);
  const auto result = analytics::newton(std::ref(problem), Eigen::VectorXd::Zero(4), options.max_iterations,
                                        options.tolerance);
  if (!std::isfinite(result.value))
    return fail(ErrorKind::invalid_input, "the likelihood is not finite anywhere the optimizer looked",
                "models");
  BgNbdFit fit;
  fit.params = {std::exp(result.x(0)), std::exp(result.x(1)) / scale, std::exp(result.x(2)),
                std::exp(result.x(3))};
  // Scaling times by s changes each customer's log-likelihood by -x·ln(s) only.
  double purchases = 0;
  for (const BgNbdGroup& g : groups) purchases += g.count * g.x;
  fit.log_likelihood = -result.value * n + purchases * std::log(scale);
  fit.sample_size = static_cast<std::size_t>(n);
  fit.iterations = result.iterations;
  fit.evaluations = result.evaluations;
  fit.converged = result.converged;
  return fit;
}

}  // namespace smartstore::models
