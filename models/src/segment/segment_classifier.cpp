#include "smartstore/models/segment_classifier.h"

#include <algorithm>
#include <cmath>

#include "../analytics/bfgs.h"

namespace smartstore::models {

std::string_view to_string(SegmentModel model) {
  switch (model) {
    case SegmentModel::majority:
      return "majority class";
    case SegmentModel::nearest_centroid:
      return "nearest centroid";
    case SegmentModel::logit:
      return "multinomial logit (L2)";
  }
  return "?";
}

namespace {

using Rows = std::vector<std::vector<double>>;

Eigen::MatrixXd standardised(const Rows& x, const std::vector<double>& mean,
                             const std::vector<double>& scale) {
  const auto n = static_cast<Eigen::Index>(x.size()), d = static_cast<Eigen::Index>(mean.size());
  Eigen::MatrixXd m(n, d + 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) {
      const auto jj = static_cast<std::size_t>(j);
      m(i, j) = (x[static_cast<std::size_t>(i)][jj] - mean[jj]) / scale[jj];
    }
    m(i, d) = 1.0;  // intercept
  }
  return m;
}

// Mean negative log-likelihood of the softmax model plus l2/2 · |W|² (intercepts free).
double logit_loss(const Eigen::MatrixXd& x, const std::vector<int>& y, int classes, double l2,
                  const Eigen::VectorXd& w, Eigen::VectorXd& gradient) {
  const Eigen::Index d = x.cols(), k = classes, n = x.rows();
  const Eigen::Map<const Eigen::MatrixXd> W(w.data(), d, k);
  Eigen::MatrixXd scores = x * W;  // n × k
  Eigen::MatrixXd p(n, k);
  double loss = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double top = scores.row(i).maxCoeff();
    const Eigen::RowVectorXd e = (scores.row(i).array() - top).exp().matrix();
    const double sum = e.sum();
    p.row(i) = e / sum;
    loss -= scores(i, y[static_cast<std::size_t>(i)]) - top - std::log(sum);
  }
  for (Eigen::Index i = 0; i < n; ++i) p(i, y[static_cast<std::size_t>(i)]) -= 1.0;
  const double inv_n = 1.0 / static_cast<double>(std::max<Eigen::Index>(n, 1));
  Eigen::MatrixXd g = x.transpose() * p * inv_n;
  Eigen::MatrixXd penalised = W;
  penalised.row(d - 1).setZero();
  g += l2 * inv_n * penalised;
  gradient = Eigen::Map<const Eigen::VectorXd>(g.data(), d * k);
  return loss * inv_n + 0.5 * l2 * inv_n * penalised.squaredNorm();
}

}  // namespace

SegmentClassifier::SegmentClassifier(SegmentModel model, const Rows& x, const std::vector<int>& y,
                                     int classes, SegmentClassifierOptions options)
    : model_(model), classes_(std::max(classes, 1)) {
  std::vector<std::size_t> count(static_cast<std::size_t>(classes_), 0);
  for (int label : y) ++count[static_cast<std::size_t>(label)];
  majority_ = static_cast<int>(std::max_element(count.begin(), count.end()) - count.begin());
  const std::size_t d = x.empty() ? 0 : x.front().size();
  mean_.assign(d, 0);
  scale_.assign(d, 0);
  for (const auto& row : x)
    for (std::size_t j = 0; j < d; ++j) mean_[j] += row[j] / static_cast<double>(x.size());
  for (const auto& row : x)
    for (std::size_t j = 0; j < d; ++j) scale_[j] += (row[j] - mean_[j]) * (row[j] - mean_[j]);
  for (auto& s : scale_) s = s > 0 ? std::sqrt(s / static_cast<double>(x.size())) : 1.0;
  if (model_ == SegmentModel::majority || x.empty()) return;
  const Eigen::MatrixXd m = standardised(x, mean_, scale_);
  if (model_ == SegmentModel::nearest_centroid) {
    centroids_.assign(static_cast<std::size_t>(classes_), std::vector<double>(d, 0));
    for (std::size_t i = 0; i < x.size(); ++i)
      for (std::size_t j = 0; j < d; ++j)
        centroids_[static_cast<std::size_t>(y[i])][j] +=
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) /
            static_cast<double>(count[static_cast<std::size_t>(y[i])]);
    return;
  }
  const auto dims = static_cast<Eigen::Index>((d + 1) * static_cast<std::size_t>(classes_));
  const auto fit =
      analytics::bfgs([&](const Eigen::VectorXd& w,
                          Eigen::VectorXd& g) { return logit_loss(m, y, classes_, options.l2, w, g); },
                      Eigen::VectorXd::Zero(dims), options.max_iterations, 1e-6);
  weights_.assign(fit.x.data(), fit.x.data() + fit.x.size());
}

int SegmentClassifier::predict(const std::vector<double>& x) const {
  if (model_ == SegmentModel::majority || (centroids_.empty() && weights_.empty())) return majority_;
  const std::size_t d = mean_.size();
  std::vector<double> z(d);
  for (std::size_t j = 0; j < d; ++j) z[j] = (x[j] - mean_[j]) / scale_[j];
  int best = majority_;
  double best_value = model_ == SegmentModel::logit ? -1e300 : 1e300;
  for (int c = 0; c < classes_; ++c) {
    double v = 0;
    if (model_ == SegmentModel::nearest_centroid) {
      for (std::size_t j = 0; j < d; ++j)
        v += (z[j] - centroids_[static_cast<std::size_t>(c)][j]) *
             (z[j] - centroids_[static_cast<std::size_t>(c)][j]);
      if (v < best_value) best_value = v, best = c;
    } else {
      const double* w = weights_.data() + static_cast<std::size_t>(c) * (d + 1);
      for (std::size_t j = 0; j < d; ++j) v += w[j] * z[j];
      v += w[d];
      if (v > best_value) best_value = v, best = c;
    }
  }
  return best;
}

ClassificationScore score_classification(const std::vector<int>& truth, const std::vector<int>& predicted,
                                         int classes) {
  ClassificationScore s;
  s.cases = truth.size();
  if (truth.empty()) return s;
  const auto k = static_cast<std::size_t>(std::max(classes, 1));
  std::vector<double> tp(k, 0), fp(k, 0), fn(k, 0);
  std::size_t right = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto t = static_cast<std::size_t>(truth[i]), p = static_cast<std::size_t>(predicted[i]);
    if (t == p)
      ++right, ++tp[t];
    else
      ++fp[p], ++fn[t];
  }
  s.accuracy = static_cast<double>(right) / static_cast<double>(truth.size());
  double f1 = 0;
  int present = 0;
  for (std::size_t c = 0; c < k; ++c) {
    if (tp[c] + fp[c] + fn[c] == 0) continue;
    ++present;
    f1 += 2 * tp[c] / (2 * tp[c] + fp[c] + fn[c]);
  }
  s.macro_f1 = present ? f1 / present : 0;
  return s;
}

SegmentEvaluation evaluate_segment_models(const Rows& x, const std::vector<int>& y, int classes,
                                          std::size_t holdout_every, SegmentClassifierOptions options) {
  Rows train, test;
  std::vector<int> train_y, test_y;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const bool held = holdout_every > 0 && i % holdout_every == holdout_every - 1;
    (held ? test : train).push_back(x[i]);
    (held ? test_y : train_y).push_back(y[i]);
  }
  SegmentEvaluation e;
  auto run = [&](SegmentModel m) {
    const SegmentClassifier c(m, train, train_y, classes, options);
    std::vector<int> predicted;
    for (const auto& row : test) predicted.push_back(c.predict(row));
    return score_classification(test_y, predicted, classes);
  };
  e.majority = run(SegmentModel::majority);
  e.nearest_centroid = run(SegmentModel::nearest_centroid);
  e.logit = run(SegmentModel::logit);
  double best = e.majority.macro_f1;
  auto consider = [&](SegmentModel m, const ClassificationScore& s) {
    if (s.macro_f1 > best && s.accuracy > e.majority.accuracy) best = s.macro_f1, e.chosen = m;
  };
  consider(SegmentModel::nearest_centroid, e.nearest_centroid);
  consider(SegmentModel::logit, e.logit);
  return e;
}

}  // namespace smartstore::models
