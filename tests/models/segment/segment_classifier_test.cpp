// Report 002's classifier candidates on data whose answer is known.
#include <doctest/doctest.h>

#include "smartstore/models/segment_classifier.h"

using namespace smartstore::models;

namespace {
// Three one-hot "zones"; zone z is in segment z 80% of the time, and segment
// 0 is the commonest overall (so the majority class scores well on accuracy).
void zones(std::vector<std::vector<double>>& x, std::vector<int>& y) {
  for (int i = 0; i < 600; ++i) {
    const int zone = i % 6 < 3 ? 0 : i % 6 - 2;  // zones 0,0,0,1,2,3 -> 0..3
    std::vector<double> row(4, 0.0);
    row[static_cast<std::size_t>(zone)] = 1;
    x.push_back(row);
    y.push_back(i % 5 == 0 ? (zone + 1) % 4 : zone);
  }
}
}  // namespace

TEST_CASE("classifier_scores_accuracy_and_macro_f1_by_hand") {
  // truth 0 0 1 1 2, predicted 0 1 1 1 0: accuracy 3/5; F1 class 0 = 2·1/(2+1+1) = 0.5,
  // class 1 = 2·2/(4+1+0) = 0.8, class 2 = 0 → macro 0.4333.
  const auto s = score_classification({0, 0, 1, 1, 2}, {0, 1, 1, 1, 0}, 3);
  CHECK(s.accuracy == doctest::Approx(0.6));
  CHECK(s.macro_f1 == doctest::Approx((0.5 + 0.8 + 0.0) / 3));
  CHECK(s.cases == 5);
}

TEST_CASE("classifier_logit_and_centroid_beat_the_majority_class_when_features_carry_the_segment") {
  std::vector<std::vector<double>> x;
  std::vector<int> y;
  zones(x, y);
  const auto e = evaluate_segment_models(x, y, 4);
  CHECK(e.majority.cases == 120);
  CHECK(e.logit.accuracy > e.majority.accuracy);
  CHECK(e.logit.macro_f1 > e.majority.macro_f1);
  CHECK(e.nearest_centroid.macro_f1 > e.majority.macro_f1);
  CHECK(e.chosen != SegmentModel::majority);
  const SegmentClassifier logit(SegmentModel::logit, x, y, 4);
  CHECK(logit.predict({0, 0, 1, 0}) == 2);
  CHECK(logit.predict({0, 0, 0, 1}) == 3);
}

TEST_CASE("classifier_keeps_the_majority_class_when_features_say_nothing") {
  std::vector<std::vector<double>> x;
  std::vector<int> y;
  for (int i = 0; i < 500; ++i) {
    x.push_back({static_cast<double>(i % 2), static_cast<double>((i / 2) % 2)});
    y.push_back(i % 7 < 4 ? 0 : i % 7 - 3);  // unrelated to the two features' pattern
  }
  const auto e = evaluate_segment_models(x, y, 4);
  CHECK(e.chosen == SegmentModel::majority);
  const SegmentClassifier majority(SegmentModel::majority, x, y, 4);
  CHECK(majority.predict({1, 1}) == 0);
}
