// Every profile analytic over the batch's columnar facts. Fits run on a
// deterministic sample for large inputs; scoring runs on everyone.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "batch_state.h"
#include "preference_table.h"
#include "smartstore/common/parallel.h"
#include "smartstore/models/behaviour_type.h"
#include "smartstore/models/kmeans.h"
#include "smartstore/models/preference_model.h"
#include "smartstore/models/segments.h"
#include "smartstore/models/spend_grade.h"
#include "smartstore/models/value_tier.h"

namespace smartstore::models::batch {
namespace {

// splitmix64 of the index: a sample that does not depend on row order quirks.
bool in_sample(std::size_t i, std::size_t n, std::size_t wanted) {
  if (n <= wanted) return true;
  std::uint64_t z = static_cast<std::uint64_t>(i) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return z % n < wanted;
}

// Below this many customers a thread costs more than the work it takes over.
unsigned workers_for(std::size_t customers, unsigned threads) {
  return customers < 10000 ? 1U : threads;
}

void fit_clv(const Tables& tables, const Facts& f, const BatchOptions& o, const Scores* global, Scores& s) {
  std::vector<Transaction> tx;
  tx.reserve(tables.purchases.rows.size());
  for (const auto& row : tables.purchases.rows)
    tx.push_back({row.customer, row.day, static_cast<double>(row.amount_krw)});
  RfmtOptions ro;
  ro.calibration_end = f.as_of;
  auto rows = rfmt_summary(tx, ro);
  std::vector<Transaction>().swap(tx);
  s.rfmt.assign(f.n, RfmtRow{});
  for (std::size_t i = 0; i < f.n; ++i) s.rfmt[i].customer = static_cast<std::uint32_t>(i);
  std::vector<RfmtRow> sample;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    s.rfmt[rows[i].customer] = rows[i];
    if (!global && in_sample(i, rows.size(), o.fit_sample)) sample.push_back(rows[i]);
  }
  if (global) {
    s.fit_rows = global->fit_rows;
    s.bg = global->bg;
    s.gg = global->gg;
    s.mean_spend = global->mean_spend;
  } else {
    sample = remove_rfmt_outliers(std::move(sample));
    s.fit_rows = sample.size();
    s.bg = fit_bgnbd(sample);
    s.gg = fit_gamma_gamma(sample);
    // With q <= 1 Gamma-Gamma's expected spend has no finite mean and can
    // come out negative for light buyers: the sample's mean repeat spend
    // stands in there, so CLV stays a non-negative amount of money.
    std::size_t repeaters = 0;
    for (const auto& r : sample)
      if (r.frequency > 0 && r.monetary > 0) s.mean_spend += r.monetary, ++repeaters;
    s.mean_spend = repeaters ? s.mean_spend / static_cast<double>(repeaters) : 0.0;
  }
  s.clv.assign(f.n, ClvRow{});
  if (!s.bg || !s.gg) return;
  parallel_for(workers_for(f.n, o.threads), f.n, [&](unsigned, std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i)
      if (f.purchase_days[i] > 0) s.clv[i] = customer_clv(s.bg->params, s.gg->params, s.rfmt[i]);
  });
  const double mean_spend = s.mean_spend;
  for (auto& c : s.clv) {
    if (!std::isfinite(c.expected_spend) || c.expected_spend <= 0) {
      c.expected_spend = mean_spend;
      c.clv = c.expected_purchases * mean_spend;
    }
    if (!std::isfinite(c.clv) || c.clv < 0) c = ClvRow{c.customer};
  }
}

void tiers_and_grades(const Facts& f, const BatchOptions& o, const Scores* global, Scores& s) {
  s.tier.resize(f.n);
  for (std::size_t i = 0; i < f.n; ++i) {
    if (f.purchase_days[i] == 0) {
      s.tier[i] = std::string(to_string(ValueTier::excluded));
      continue;
    }
    CustomerActivity a{f.first_day[i], f.last_day[i], f.purchase_days[i], f.total_krw[i]};
    s.tier[i] = std::string(to_string(value_tier(a, f.as_of, o.tiers).tier));
  }
  s.grade_cuts = global ? global->grade_cuts : spend_grade_cuts(f.total_krw);
  s.grade.resize(f.n);
  for (std::size_t i = 0; i < f.n; ++i)
    s.grade[i] = std::string(to_string(spend_grade(f.total_krw[i], s.grade_cuts)));
}

std::array<double, 6> features(const RfmtRow& r, const ClvRow& c, std::int64_t total) {
  return {std::log1p(r.frequency),
          std::log1p(r.recency),
          std::log1p(r.T),
          std::log1p(std::max(r.monetary, 0.0)),
          std::log1p(std::max(c.clv, 0.0)),
          std::log1p(static_cast<double>(std::max<std::int64_t>(total, 0)))};
}

// The k-means sample: a deterministic spread of up to cluster_sample buyers.
std::vector<std::size_t> cluster_sample(const Facts& f, const BatchOptions& o) {
  std::vector<std::size_t> picked;
  std::size_t buyers = 0;
  for (std::size_t i = 0; i < f.n; ++i) buyers += f.purchase_days[i] > 0 ? 1 : 0;
  for (std::size_t i = 0, b = 0; i < f.n; ++i)
    if (f.purchase_days[i] > 0 && in_sample(b++, buyers, o.cluster_sample)) picked.push_back(i);
  return picked;
}

// k-means on the sample's standardized log features, k by silhouette: the
// standardization and centroids into s.
void fit_clusters(const Facts& f, const BatchOptions& o, const std::vector<std::size_t>& picked, Scores& s) {
  auto& mean = s.feature_mean;
  auto& sd = s.feature_sd;
  for (std::size_t i : picked) {
    const auto x = features(s.rfmt[i], s.clv[i], f.total_krw[i]);
    for (std::size_t d = 0; d < 6; ++d) mean[d] += x[d];
  }
  for (auto& m : mean) m /= std::max<double>(1.0, static_cast<double>(picked.size()));
  for (std::size_t i : picked) {
    const auto x = features(s.rfmt[i], s.clv[i], f.total_krw[i]);
    for (std::size_t d = 0; d < 6; ++d) sd[d] += (x[d] - mean[d]) * (x[d] - mean[d]);
  }
  for (auto& v : sd)
    v = std::sqrt(v / std::max<double>(1.0, static_cast<double>(picked.size()))), v = v > 0 ? v : 1.0;
  if (picked.size() < static_cast<std::size_t>(std::max(o.k_max, 2)) * 2) return;
  Eigen::MatrixXd pts(static_cast<Eigen::Index>(picked.size()), 6);
  for (std::size_t r = 0; r < picked.size(); ++r) {
    const auto x = features(s.rfmt[picked[r]], s.clv[picked[r]], f.total_krw[picked[r]]);
    for (std::size_t d = 0; d < 6; ++d)
      pts(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(d)) = (x[d] - mean[d]) / sd[d];
  }
  KMeansOptions ko;
  ko.restarts = o.kmeans_restarts;
  const KChoice choice = choose_k(pts, o.k_min, o.k_max, ko, o.silhouette_samples);
  s.k = choice.k;
  for (std::size_t j = 0; j < choice.silhouettes.size(); ++j)
    s.silhouettes.emplace_back(o.k_min + static_cast<int>(j), choice.silhouettes[j]);
  s.standard_centroids = choice.result.centroids;
  const auto& C = s.standard_centroids;
  s.centroids.resize(static_cast<std::size_t>(C.rows()));
  for (Eigen::Index c = 0; c < C.rows(); ++c)
    for (std::size_t d = 0; d < 6; ++d)
      s.centroids[static_cast<std::size_t>(c)][d] = C(c, static_cast<Eigen::Index>(d)) * sd[d] + mean[d];
}

// Every buyer to the nearest centroid.
void assign_clusters(const Facts& f, const BatchOptions& o, Scores& s) {
  s.cluster.assign(f.n, -1);
  const auto& C = s.standard_centroids;
  if (s.k == 0 || C.rows() == 0) return;
  const auto& mean = s.feature_mean;
  const auto& sd = s.feature_sd;
  parallel_for(workers_for(f.n, o.threads), f.n, [&](unsigned, std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      if (f.purchase_days[i] == 0) continue;
      const auto x = features(s.rfmt[i], s.clv[i], f.total_krw[i]);
      double best = 1e300;
      for (Eigen::Index c = 0; c < C.rows(); ++c) {
        double dist = 0;
        for (std::size_t d = 0; d < 6; ++d) {
          const double z = (x[d] - mean[d]) / sd[d] - C(c, static_cast<Eigen::Index>(d));
          dist += z * z;
        }
        if (dist < best) best = dist, s.cluster[i] = static_cast<int>(c);
      }
    }
  });
}

void clusters_and_segments(const Facts& f, const BatchOptions& o, const Scores* global, Scores& s) {
  std::vector<std::size_t> picked;
  if (global) {
    s.feature_mean = global->feature_mean;
    s.feature_sd = global->feature_sd;
    s.standard_centroids = global->standard_centroids;
    s.k = global->k;
    s.silhouettes = global->silhouettes;
    s.centroids = global->centroids;
  } else {
    picked = cluster_sample(f, o);
    fit_clusters(f, o, picked, s);
  }
  assign_clusters(f, o, s);

  std::vector<SegmentInput> in(f.n);
  for (std::size_t i = 0; i < f.n; ++i)
    in[i] = {s.rfmt[i].recency, s.rfmt[i].frequency, s.rfmt[i].monetary, s.rfmt[i].T, s.clv[i].clv};
  SegmentOptions so = o.segments;
  if (global) {
    so.weights = global->weights;
  } else if (o.learn_segment_weights && s.k > 0) {
    std::vector<SegmentInput> sin;
    std::vector<int> labels;
    for (std::size_t i : picked) sin.push_back(in[i]), labels.push_back(s.cluster[i]);
    so.weights = weights_from_clusters(sin, labels);
  }
  s.weights = so.weights;
  const SegmentResult seg =
      global ? weighted_segments(in, so, global->segment_cuts) : weighted_segments(in, so);
  s.segment_cuts = seg.cuts;
  s.segment.resize(f.n);
  s.segment_id.resize(f.n);
  for (std::size_t i = 0; i < f.n; ++i) {
    s.segment[i] = std::string(to_string(seg.segments[i]));
    s.segment_id[i] = static_cast<std::uint8_t>(seg.segments[i]);
  }
}

// The model from (age, gender, category) totals: the same likelihoods as
// per-customer observations, without a million small records.
PreferenceModel preference_model(const Facts& f) {
  const std::size_t nc = f.categories.size();
  std::map<std::tuple<std::uint8_t, std::uint8_t, std::size_t>, std::int64_t> groups;
  for (std::size_t i = 0; i < f.n; ++i)
    for (std::size_t c = 0; c < nc; ++c)
      if (const auto n = f.counts[i * nc + c]; n > 0) groups[{f.age[i], f.gender[i], c}] += n;
  std::vector<CategoryObservation> obs;
  for (const auto& [key, n] : groups)
    obs.push_back({f.categories[std::get<2>(key)], f.ages[std::get<0>(key)], f.genders[std::get<1>(key)], n});
  return build_preference_model(obs);
}

void preferences(const Facts& f, const BatchOptions& o, const Scores* global, Scores& s) {
  const std::size_t nc = f.categories.size();
  s.model = global ? global->model : preference_model(f);
  s.table = std::make_shared<const PreferenceTable>(s.model, f.ages, f.genders);
  const PreferenceTable& table = *s.table;
  const std::size_t m = s.model.categories.size();
  s.model_of_category.assign(nc, -1);
  for (std::size_t c = 0; c < nc; ++c) {
    auto it = std::find(s.model.categories.begin(), s.model.categories.end(), f.categories[c]);
    if (it != s.model.categories.end())
      s.model_of_category[c] = static_cast<std::int32_t>(it - s.model.categories.begin());
  }
  s.index.assign(f.n * m, 0.0F);
  parallel_for(workers_for(f.n, o.threads), f.n, [&](unsigned, std::size_t lo, std::size_t hi) {
    std::vector<std::int64_t> counts(m);
    std::vector<double> out(m);
    for (std::size_t i = lo; i < hi; ++i) {
      std::fill(counts.begin(), counts.end(), 0);
      for (std::size_t c = 0; c < nc; ++c)
        if (s.model_of_category[c] >= 0)
          counts[static_cast<std::size_t>(s.model_of_category[c])] += f.counts[i * nc + c];
      table.indices(counts, f.age[i], f.gender[i], out);
      for (std::size_t c = 0; c < m; ++c) s.index[i * m + c] = static_cast<float>(out[c]);
    }
  });
}

void behaviour(const Tables& tables, const Facts& f, const Scores* global, Scores& s) {
  const std::size_t m = s.model.categories.size();
  auto top_category = [&](std::size_t i) -> std::string_view {
    if (m == 0) return {};
    std::size_t best = 0;
    for (std::size_t c = 1; c < m; ++c)
      if (s.index[i * m + c] > s.index[i * m + best]) best = c;
    return s.model.categories[best];
  };
  BehaviourCodes& codes = s.codes;
  if (global) {
    codes = global->codes;
  } else if (tables.have_sessions) {
    // A session's category and unit price: the customer's online purchase that day.
    const auto& pt = tables.purchases;
    std::uint32_t online = UINT32_MAX;
    for (std::uint32_t l = 0; l < pt.labels.size(); ++l)
      if (pt.labels.name(l) == "2") online = l;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
    for (std::uint32_t r = 0; r < pt.rows.size(); ++r) {
      const auto& row = pt.rows[r];
      if (online != UINT32_MAX && row.channel != online) continue;
      keyed.emplace_back(
          static_cast<std::uint64_t>(row.customer) << 32 | static_cast<std::uint32_t>(row.day + 0x40000000),
          r);
    }
    std::sort(keyed.begin(), keyed.end());
    std::unordered_map<std::string_view, std::uint32_t> index;
    for (std::uint32_t c = 0; c < pt.customers.size(); ++c) index.emplace(pt.customers.names[c], c);
    std::vector<BehaviourObservation> obs;
    for (const auto& sess : tables.sessions) {
      auto it = index.find(sess.cust);
      if (it == index.end()) continue;
      const std::uint64_t key =
          static_cast<std::uint64_t>(it->second) << 32 | static_cast<std::uint32_t>(sess.day + 0x40000000);
      auto hit = std::lower_bound(keyed.begin(), keyed.end(), std::make_pair(key, std::uint32_t{0}));
      if (hit == keyed.end() || hit->first != key) continue;
      const auto& row = pt.rows[hit->second];
      const auto cat = f.product_category[row.product];
      if (cat < 0) continue;
      const double unit = static_cast<double>(row.amount_krw) / std::max(1, row.quantity);
      obs.push_back({f.ages[f.age[it->second]], f.genders[f.gender[it->second]],
                     f.categories[static_cast<std::size_t>(cat)], sess.session_seconds, sess.page_views,
                     sess.searches, unit});
    }
    codes = behaviour_codes(obs);
  }
  s.behaviour.resize(f.n);
  for (std::size_t i = 0; i < f.n; ++i)
    s.behaviour[i] = std::string(
        to_string(customer_behaviour_type(codes, f.ages[f.age[i]], f.genders[f.gender[i]], top_category(i))));
}

}  // namespace

Scores score_customers(const Tables& tables, const Facts& f, const BatchOptions& o, const Scores* global) {
  Scores s;
  auto report = [&](const char* stage, double x) {
    if (o.progress) o.progress(stage, x);
  };
  report("rfm+t, bg/nbd, gamma-gamma", 0.35);
  fit_clv(tables, f, o, global, s);
  report("tiers and grades", 0.5);
  tiers_and_grades(f, o, global, s);
  report("k-means and segments", 0.55);
  clusters_and_segments(f, o, global, s);
  report("preference indices", 0.65);
  preferences(f, o, global, s);
  report("behaviour types", 0.72);
  behaviour(tables, f, global, s);
  return s;
}

Scores global_part(const Scores& s) {
  Scores g;
  g.bg = s.bg;
  g.gg = s.gg;
  g.fit_rows = s.fit_rows;
  g.mean_spend = s.mean_spend;
  g.grade_cuts = s.grade_cuts;
  g.segment_cuts = s.segment_cuts;
  g.feature_mean = s.feature_mean;
  g.feature_sd = s.feature_sd;
  g.standard_centroids = s.standard_centroids;
  g.codes = s.codes;
  g.weights = s.weights;
  g.k = s.k;
  g.silhouettes = s.silhouettes;
  g.centroids = s.centroids;
  g.model = s.model;
  g.table = s.table;
  g.cluster_category = s.cluster_category;
  g.classifier = s.classifier;
  g.signup_classifier = s.signup_classifier;
  g.first_visit_classifier = s.first_visit_classifier;
  g.classifier_evaluated = s.classifier_evaluated;
  return g;
}

}  // namespace smartstore::models::batch
