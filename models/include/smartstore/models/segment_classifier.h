#pragma once
// Report 002's classifier for members the clustering cannot place (no
// purchases yet): a segment predicted from what is known at sign-up. Three
// candidates, measured against each other on members whose segment is known
// (segment_evaluation): the majority class, nearest centroid and an
// L2-regularised multinomial logit. Features are plain rows of numbers
// (one-hot demographics, optional first-purchase facts).
#include <cstddef>
#include <string_view>
#include <vector>

namespace smartstore::models {

enum class SegmentModel { majority, nearest_centroid, logit };
[[nodiscard]] std::string_view to_string(SegmentModel model);

struct SegmentClassifierOptions {
  double l2 = 1.0;           // logit: penalty on the weights (not the intercepts), per training row
  int max_iterations = 200;  // logit: BFGS iterations
};

class SegmentClassifier {
 public:
  // Learns from rows `x` (all of one width) with labels 0..classes-1.
  SegmentClassifier(SegmentModel model, const std::vector<std::vector<double>>& x, const std::vector<int>& y,
                    int classes, SegmentClassifierOptions options = {});
  [[nodiscard]] int predict(const std::vector<double>& x) const;
  [[nodiscard]] SegmentModel model() const { return model_; }

 private:
  SegmentModel model_;
  int classes_ = 0;
  int majority_ = 0;
  std::vector<double> mean_, scale_;            // standardisation of the features
  std::vector<std::vector<double>> centroids_;  // nearest centroid: per class, standardised
  std::vector<double> weights_;                 // logit: classes × (features + 1), intercept last
};

struct ClassificationScore {
  double accuracy = 0;
  double macro_f1 = 0;  // F1 per class present in truth or prediction, averaged
  std::size_t cases = 0;
};
[[nodiscard]] ClassificationScore score_classification(const std::vector<int>& truth,
                                                       const std::vector<int>& predicted, int classes);

// Hold-out comparison: every `holdout_every`-th row (deterministic) is tested,
// the rest train each candidate. `chosen` is the best macro-F1 among the
// models that beat the majority class on it, else the majority class.
struct SegmentEvaluation {
  ClassificationScore majority, nearest_centroid, logit;
  SegmentModel chosen = SegmentModel::majority;
};
[[nodiscard]] SegmentEvaluation evaluate_segment_models(const std::vector<std::vector<double>>& x,
                                                        const std::vector<int>& y, int classes,
                                                        std::size_t holdout_every = 5,
                                                        SegmentClassifierOptions options = {});

}  // namespace smartstore::models
