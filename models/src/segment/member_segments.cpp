#include "member_segments.h"

#include <cmath>

namespace smartstore::models::batch {

namespace {

// One-hot gender, age band and zone (unknown zone its own column).
std::vector<double> signup_row(const Facts& f, std::size_t i) {
  std::vector<double> x(f.genders.size() + f.ages.size() + f.zones.size() + 1, 0.0);
  x[f.gender[i]] = 1;
  x[f.genders.size() + f.age[i]] = 1;
  x[f.genders.size() + f.ages.size() + static_cast<std::size_t>(f.zone[i] + 1)] = 1;
  return x;
}

// Per customer: lines per category on the first purchase day and that day's spend.
struct FirstVisit {
  std::vector<float> categories;  // n × categories
  std::vector<double> spend;      // n
};

FirstVisit first_visits(const Tables& t, const Facts& f) {
  const std::size_t nc = f.categories.size();
  FirstVisit v{std::vector<float>(f.n * nc, 0), std::vector<double>(f.n, 0)};
  for (const auto& r : t.purchases.rows) {
    if (r.customer >= f.n || r.day != f.first_day[r.customer]) continue;
    v.spend[r.customer] += static_cast<double>(r.amount_krw);
    const auto cat = r.product < f.product_category.size() ? f.product_category[r.product] : -1;
    if (cat >= 0) v.categories[r.customer * nc + static_cast<std::size_t>(cat)] += 1;
  }
  return v;
}

}  // namespace

void assign_member_segments(const Tables& tables, const Facts& facts, const BatchOptions& options,
                            Scores& s) {
  s.cluster_predicted.assign(facts.n, 0);
  if (s.k <= 1) return;
  std::size_t clustered = 0, unplaced = 0;
  for (std::size_t i = 0; i < facts.n; ++i) (s.cluster[i] >= 0 ? clustered : unplaced) += 1;
  if (clustered < 10) return;
  // A deterministic spread of the clustered members, at most fit_sample.
  const std::size_t stride = std::max<std::size_t>(
      1, (clustered + options.fit_sample - 1) / std::max<std::size_t>(options.fit_sample, 1));
  const FirstVisit first = first_visits(tables, facts);
  const std::size_t nc = facts.categories.size();
  std::vector<std::vector<double>> signup, with_visit;
  std::vector<int> labels;
  for (std::size_t i = 0, seen = 0; i < facts.n; ++i) {
    if (s.cluster[i] < 0 || seen++ % stride != 0) continue;
    signup.push_back(signup_row(facts, i));
    auto row = signup.back();
    for (std::size_t c = 0; c < nc; ++c) row.push_back(first.categories[i * nc + c]);
    row.push_back(std::log1p(first.spend[i]));
    with_visit.push_back(std::move(row));
    labels.push_back(s.cluster[i]);
  }
  s.classifier_evaluated = labels.size();
  s.signup_classifier = evaluate_segment_models(signup, labels, s.k);
  s.first_visit_classifier = evaluate_segment_models(with_visit, labels, s.k);
  if (unplaced == 0) return;
  const SegmentClassifier model(s.signup_classifier.chosen, signup, labels, s.k);
  for (std::size_t i = 0; i < facts.n; ++i) {
    if (s.cluster[i] >= 0) continue;
    s.cluster[i] = model.predict(signup_row(facts, i));
    s.cluster_predicted[i] = 1;
    ++s.classifier_placed;
  }
}

}  // namespace smartstore::models::batch
