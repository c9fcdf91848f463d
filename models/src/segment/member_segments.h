#pragma once
// The batch's use of the segment classifier: members the clustering could
// not place (no purchases) get the cluster predicted from what is known at
// sign-up, when the classifier beats the majority class on members whose
// cluster is known; otherwise the majority cluster. Both flagged as predicted.
#include "../batch/batch_state.h"
#include "smartstore/models/segment_classifier.h"

namespace smartstore::models::batch {

// Evaluates on up to `options.fit_sample` clustered members (into
// s.signup_classifier, s.first_visit_classifier), then fills s.cluster of
// every member at −1 with the chosen model's prediction, flagged in
// s.cluster_predicted, and each cluster's most bought category
// (s.cluster_category) for them.
// With `global` (global_part of a larger set's scores), its evaluations,
// model and cluster categories are used instead.
void assign_member_segments(const Tables& tables, const Facts& facts, const BatchOptions& options, Scores& s,
                            const Scores* global = nullptr);

}  // namespace smartstore::models::batch
