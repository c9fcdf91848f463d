#include "member_segments.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

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

// Sign-up + first visit rows of the sampled members (`row_of`: customer ->
// row, −1 unsampled): lines per category on the first purchase day and that
// day's log spend. Only sampled members are kept: a million customers would
// otherwise cost categories × 4 bytes each.
void add_first_visits(const Tables& t, const Facts& f, const std::vector<std::int32_t>& row_of,
                      std::vector<std::vector<double>>& rows) {
  const std::size_t nc = f.categories.size();
  const std::size_t base = rows.empty() ? 0 : rows.front().size();
  for (auto& row : rows) row.resize(base + nc + 1, 0.0);
  for (const auto& r : t.purchases.rows) {
    if (r.customer >= f.n || row_of[r.customer] < 0 || r.day != f.first_day[r.customer]) continue;
    auto& row = rows[static_cast<std::size_t>(row_of[r.customer])];
    row[base + nc] += static_cast<double>(r.amount_krw);
    const auto cat = r.product < f.product_category.size() ? f.product_category[r.product] : -1;
    if (cat >= 0) row[base + static_cast<std::size_t>(cat)] += 1;
  }
  for (auto& row : rows) row[base + nc] = std::log1p(std::max(row[base + nc], 0.0));
}

// Each cluster's most bought category (purchase lines of its members): what a
// member placed in it without purchases is welcomed with.
std::vector<std::string> cluster_categories(const Facts& f, const Scores& s) {
  const std::size_t nc = f.categories.size();
  const auto k = static_cast<std::size_t>(s.k);
  std::vector<std::int64_t> lines(k * nc, 0);
  for (std::size_t i = 0; i < f.n; ++i) {
    if (s.cluster[i] < 0) continue;
    const auto c = static_cast<std::size_t>(s.cluster[i]);
    for (std::size_t j = 0; j < nc; ++j) lines[c * nc + j] += f.counts[i * nc + j];
  }
  std::vector<std::string> out(k);
  for (std::size_t c = 0; c < k && nc > 0; ++c) {
    const auto first = lines.begin() + static_cast<std::ptrdiff_t>(c * nc);
    const auto best = std::max_element(first, first + static_cast<std::ptrdiff_t>(nc));
    if (*best > 0) out[c] = f.categories[static_cast<std::size_t>(best - first)];
  }
  return out;
}

// Every member at −1 placed by the model, flagged as predicted.
void place_unclustered(const Facts& facts, const SegmentClassifier& model, Scores& s) {
  for (std::size_t i = 0; i < facts.n; ++i) {
    if (s.cluster[i] >= 0) continue;
    s.cluster[i] = model.predict(signup_row(facts, i));
    s.cluster_predicted[i] = 1;
    ++s.classifier_placed;
  }
}

}  // namespace

void assign_member_segments(const Tables& tables, const Facts& facts, const BatchOptions& options, Scores& s,
                            const Scores* global) {
  s.cluster_predicted.assign(facts.n, 0);
  if (global) {
    s.signup_classifier = global->signup_classifier;
    s.first_visit_classifier = global->first_visit_classifier;
    s.classifier_evaluated = global->classifier_evaluated;
    s.cluster_category = global->cluster_category;
    s.classifier = global->classifier;
    if (s.classifier) place_unclustered(facts, *s.classifier, s);
    return;
  }
  if (s.k <= 1) return;
  std::size_t clustered = 0, unplaced = 0;
  for (std::size_t i = 0; i < facts.n; ++i) (s.cluster[i] >= 0 ? clustered : unplaced) += 1;
  if (clustered < 10) return;
  // A deterministic spread of the clustered members, at most fit_sample.
  const std::size_t stride = std::max<std::size_t>(
      1, (clustered + options.fit_sample - 1) / std::max<std::size_t>(options.fit_sample, 1));
  std::vector<std::vector<double>> signup;
  std::vector<int> labels;
  std::vector<std::int32_t> row_of(facts.n, -1);
  for (std::size_t i = 0, seen = 0; i < facts.n; ++i) {
    if (s.cluster[i] < 0 || seen++ % stride != 0) continue;
    row_of[i] = static_cast<std::int32_t>(signup.size());
    signup.push_back(signup_row(facts, i));
    labels.push_back(s.cluster[i]);
  }
  std::vector<std::vector<double>> with_visit = signup;
  add_first_visits(tables, facts, row_of, with_visit);
  s.classifier_evaluated = labels.size();
  s.signup_classifier = evaluate_segment_models(signup, labels, s.k);
  s.first_visit_classifier = evaluate_segment_models(with_visit, labels, s.k);
  if (unplaced == 0) return;
  s.cluster_category = cluster_categories(facts, s);
  s.classifier = std::make_shared<const SegmentClassifier>(s.signup_classifier.chosen, signup, labels, s.k);
  place_unclustered(facts, *s.classifier, s);
}

}  // namespace smartstore::models::batch
